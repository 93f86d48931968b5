// What the tests get when they import @nestjs/core (the NestJS 11 run checks it is its own copy).
export { ModulesContainer } from '@nestjs/core';

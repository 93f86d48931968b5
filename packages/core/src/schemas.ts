// `@sportscloud/core/schemas`: the zod/mini schemas core validates responses with, and `parseResponse`,
// for code that validates bodies it fetched itself. Kept out of the main entry, whose types stay plain
// TypeScript (zod's types cost every consumer type-check time).
export * from './endpoints/schemas';

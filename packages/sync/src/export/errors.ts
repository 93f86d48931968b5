import { InvalidArgumentError } from '@sportscloud/core';

/**
 * An export option is wrong. `argument` (from {@link InvalidArgumentError}) names the option, e.g.
 * `format`, `layout`, `filter.to`; `code` is `invalid_argument`.
 */
export class ExportOptionError extends InvalidArgumentError {}

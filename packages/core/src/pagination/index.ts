export { type Page, PagedList, type PagedListOptions, type RawPage } from './paged-list';

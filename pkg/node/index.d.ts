// Ready on require/import: no init needed.
export * from '../index';

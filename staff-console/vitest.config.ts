export { default } from '../web-common/config/vitest.ts';

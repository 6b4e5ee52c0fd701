export { renderHtml } from './render-html.js';

// The stylesheet is imported here, not by components, so Vite emits one linked CSS file (no inline
// styles, which a strict CSP would block) and tests that mount components skip it.
import './styles.css';
import { mountConsole } from './mount.js';

const root = document.getElementById('app');
if (root) mountConsole(root);

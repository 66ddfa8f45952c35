/**
 * Imported for its effect, as the FIRST import of an entry point whose other imports are static:
 * ES modules evaluate in import order, so this runs, and exits on a wrong Node, before any later
 * import (argon2's native binary among them) is evaluated.
 */
import { exitUnlessSupportedNode } from './node-version.js';

exitUnlessSupportedNode();

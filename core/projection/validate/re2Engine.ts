// RE2 itself (the `re2` package binds Google's C++ library), so a regex
// passes here exactly when Envoy's google_re2 engine would compile it.
import RE2 from 're2';
import type { RegexEngine } from './regexEngine.js';

export const re2Engine: RegexEngine = {
  name: 'RE2',
  compile: (pattern) => new RE2(pattern, 'u'),
};

/**
 * Parses JSON with comments and trailing commas (VS Code, Zed and Cursor settings are JSONC).
 * One pass drops `//` and `/* *\/` comments and commas before `}`/`]`, all outside strings (a
 * string such as `"a,]"` or `"http://x"` is copied as written), then JSON.parse.
 */
export function parseJsonc(text: string): unknown {
  const parts: string[] = [];
  let from = 0; // start of the text not yet copied into parts
  let comma = -1; // index in parts of a comma that a closing bracket would make trailing
  let i = 0;
  const n = text.length;
  const cut = (to: number) => {
    if (to > from) parts.push(text.slice(from, to));
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      comma = -1;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      cut(i);
      if (text[i + 1] === '/') {
        while (i < n && text[i] !== '\n') i++;
      } else {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      }
      from = i;
    } else if (c === ',') {
      cut(i);
      comma = parts.push(',') - 1;
      from = ++i;
    } else if (c === '}' || c === ']') {
      if (comma >= 0) parts[comma] = '';
      comma = -1;
      i++;
    } else {
      if (!/\s/.test(c)) comma = -1;
      i++;
    }
  }
  cut(n);
  return JSON.parse(parts.join(''));
}

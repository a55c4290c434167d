import { describe, expect, it } from 'vitest';
import { lex } from './lexer.js';

describe('lex', () => {
  it('python: blanks comments and docstrings, keeps argument strings', () => {
    const src = ['"""Module doc with openai.OpenAI()."""', 'x = f("gpt-4o")  # torch.load(y)', "def f(a):", "    '''doc'''", '    return a', ''].join('\n');
    const l = lex(src, 'python');
    expect(l.code.length).toBe(src.length);
    expect(l.code).not.toContain('openai.OpenAI');
    expect(l.code).not.toContain('torch.load');
    expect(l.strings.map((s) => s.value)).toEqual(['gpt-4o']);
    expect(l.code.split('\n').length).toBe(src.split('\n').length);
  });

  it('python: a string after = or inside brackets is not a docstring; f-strings are flagged interpolated', () => {
    const l = lex('x = (\n  "a"\n  "b"\n)\ny = f"s3://{bucket}/k"\n', 'python');
    expect(l.strings.map((s) => [s.value, s.interpolated])).toEqual([
      ['a', false],
      ['b', false],
      ['s3://{bucket}/k', true],
    ]);
  });

  it('js: comments, template literals with interpolation and regex literals', () => {
    const src = "// import 'openai'\nconst re = /\"'[a-z]/g; const m = 'claude-3-haiku'; const t = `x${a + '}'}y`; /* 'gpt-4o' */";
    const l = lex(src, 'js');
    const values = l.strings.map((s) => s.value);
    expect(values).toContain('claude-3-haiku');
    expect(values).not.toContain('gpt-4o');
    expect(values).not.toContain('openai');
    expect(l.code).not.toContain('import');
  });

  it('go: raw strings and runes; java: text blocks', () => {
    const go = lex('s := `raw "q"` // "no"\nr := \'"\'\n', 'go');
    expect(go.strings.map((s) => s.value)).toEqual(['raw "q"', '"']);
    const java = lex('String a = """\n  gpt-4o\n  """; // "x"\nchar c = \'"\';', 'java');
    expect(java.strings[0]!.value).toContain('gpt-4o');
    expect(java.strings.map((s) => s.value)).not.toContain('x');
  });

  it('survives unterminated strings and comments, and empty input', () => {
    expect(() => lex('x = "abc\ny = """never closed', 'python')).not.toThrow();
    expect(() => lex('/* open comment', 'js')).not.toThrow();
    expect(() => lex('`open template ${', 'js')).not.toThrow();
    expect(lex('', 'go')).toEqual({ lang: 'go', code: '', strings: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { checkChatTemplate } from './chat-template.js';

describe('checkChatTemplate', () => {
  it.each([
    ["{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}"],
    ["{%- set ns = namespace(system=false) -%}{%- if messages[0]['role'] == 'system' -%}{%- set system_message = messages[0]['content'] -%}{%- endif -%}{{ system_message }}"],
    ["{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"],
    ["{{ tools | tojson(indent=4) }}{{ strftime_now('%d %b %Y') }}{{ bos_token }}"],
    ['Plain text with __dunder__ outside any tag is just output.'],
  ])('passes ordinary templates: %s', (t) => {
    expect(checkChatTemplate(t)).toEqual({ level: 'clean', reasons: [] });
  });

  it.each([
    ["{{ ''.__class__.__mro__[1].__subclasses__() }}"],
    ["{{ cycler.__init__.__globals__.os.popen('id').read() }}"],
    ["{{ lipsum.__globals__['os'].popen('id') }}"],
    ["{{ self._TemplateReference__context.joiner.__init__.__globals__ }}"],
    ["{% set x = '__glo' ~ 'bals__' %}{{ cycler.__init__|attr(x) }}"],
    ["{{ namespace.__init__.__globals__['__builtins__']['eval']('1') }}"],
    ["{{ messages|attr('__class__') }}"],
    ["{{ request.application.__globals__ }}"],
  ])('flags sandbox escapes: %s', (t) => {
    expect(checkChatTemplate(t).level).toBe('malicious');
  });

  it('calls attribute access by filter suspicious even without a dunder', () => {
    expect(checkChatTemplate("{{ messages|attr('pop') }}").level).toBe('suspicious');
  });
});

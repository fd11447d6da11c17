import { describe, expect, it } from 'vitest';
import { renderTemplateSample } from './chat-template';

const sample = { system: 'Sé breve.', user: '¿Qué es un candil?', reply: 'Una lámpara.', followUp: '¿Quién lo usaba?' };

const MARKED =
  '{{ bos_token }}{% for m in messages %}[{{ m.role }}] MARK {{ m.content }}\n{% endfor %}{% if add_generation_prompt %}[assistant] {% endif %}';

describe('renderTemplateSample', () => {
  it('renders the sample conversation in order, with the model’s special tokens and the start of the reply', () => {
    expect(renderTemplateSample(MARKED, sample, { BOS: '<s>' })).toBe(
      '<s>[system] MARK Sé breve.\n[user] MARK ¿Qué es un candil?\n[assistant] MARK Una lámpara.\n[user] MARK ¿Quién lo usaba?\n[assistant] MARK ',
    );
    // Without the model's vocabulary the token is named.
    expect(renderTemplateSample(MARKED, sample).startsWith('<BOS>[system]')).toBe(true);
  });

  it('puts the system prompt in the first user turn when the template refuses system messages', () => {
    const noSystem =
      "{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('no system') }}{% endif %}<{{ m.role }}>{{ m.content }}</s>{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}";
    const rendered = renderTemplateSample(noSystem, sample);
    expect(rendered).toContain('Sé breve.');
    expect(rendered.startsWith('<user>')).toBe(true);
  });

  it.each([
    ['a syntax error', '{% for m in messages %}{{ m.content }', 'templateSyntax'],
    ['no loop over messages', 'Hello {{ bos_token }}', 'templateNoMessages'],
    ['the user’s text left out', "{% for m in messages %}{% if m.role != 'user' %}{{ m.content }}{% endif %}{% endfor %}", 'templateNoUserText'],
    ['an error raised while rendering', "{% for m in messages %}{{ raise_exception('Roles must alternate') }}{% endfor %}", 'templateRender'],
  ])('refuses a template with %s, saying why', (_, template, reason) => {
    let thrown: unknown;
    try {
      renderTemplateSample(template, sample);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'BAD_REQUEST', params: { reason } });
  });

  it('passes on the renderer’s own words for syntax and render errors', () => {
    expect(() => renderTemplateSample("{% for m in messages %}{{ raise_exception('Roles must alternate') }}{% endfor %}", sample)).toThrow(
      expect.objectContaining({ params: { reason: 'templateRender', detail: 'Roles must alternate' } }),
    );
  });
});

/**
 * Whether a prompt asks for code: code itself, or words that ask for it in Spanish or English.
 * Only used to suggest a code model, so a wrong guess costs one line of hint.
 */
export function looksLikeCode(text: string): boolean {
  return /```|\b(function|const|let|import|export|def|class|return|public|SELECT)\b|=>|<\/?[a-z][\w-]*[\s>]|\b(c[oó]digo|code|componente?|script|react(js)?|python|typescript|javascript|sql|html|css)\b/i.test(text);
}

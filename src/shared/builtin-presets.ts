import type { FewShotTurn, Preset, SamplingParams } from './domain';

export type PresetLanguage = 'es' | 'en';

interface BuiltinPreset {
  id: `builtin:${string}`;
  name: Record<PresetLanguage, string>;
  systemPrompt: Record<PresetLanguage, string>;
  fewShot: Record<PresetLanguage, FewShotTurn[]>;
  sampling: Partial<SamplingParams>;
}

/**
 * Presets every Candil has, written in both languages (the user's language picks which): the
 * starting points Candil's users learn with — a short-answer assistant, a code helper, a teacher
 * that gives hints, a translator taught by examples, and the lessons' "Actúa como Yoda".
 */
const builtins: readonly BuiltinPreset[] = [
  {
    id: 'builtin:concise',
    name: { es: 'Asistente conciso', en: 'Concise assistant' },
    systemPrompt: {
      es: 'Eres un asistente útil. Responde en pocas frases, ve al grano y di cuándo no sabes algo.',
      en: 'You are a helpful assistant. Answer in a few sentences, get to the point, and say when you do not know.',
    },
    fewShot: { es: [], en: [] },
    sampling: { temperature: 0.5 },
  },
  {
    id: 'builtin:code',
    name: { es: 'Ayudante de código', en: 'Code helper' },
    systemPrompt: {
      es: 'Eres un programador experto. Responde con código completo y correcto en bloques Markdown con el lenguaje indicado, y explica solo lo necesario.',
      en: 'You are an expert programmer. Answer with complete, correct code in Markdown blocks tagged with their language, and explain only what is needed.',
    },
    fewShot: { es: [], en: [] },
    sampling: { temperature: 0.2, maxTokens: 2048 },
  },
  {
    id: 'builtin:teacher',
    name: { es: 'Profesor que da pistas', en: 'Teacher who gives hints' },
    systemPrompt: {
      es: 'Eres un profesor paciente. No des la respuesta: da una pista o haz una pregunta que acerque al alumno a ella, un paso cada vez.',
      en: 'You are a patient teacher. Never give the answer: give a hint or ask a question that brings the student closer to it, one step at a time.',
    },
    fewShot: {
      es: [{ user: '¿Cuánto es 12 × 15?', assistant: 'Buena pregunta. ¿Cuánto es 12 × 10? ¿Y 12 × 5? ¿Cómo podrías juntar los dos resultados?' }],
      en: [{ user: 'What is 12 × 15?', assistant: 'Good question. What is 12 × 10? And 12 × 5? How could you put those two results together?' }],
    },
    sampling: { temperature: 0.7 },
  },
  {
    id: 'builtin:translator',
    name: { es: 'Traductor español ↔ inglés', en: 'Spanish ↔ English translator' },
    systemPrompt: {
      es: 'Traduce cada mensaje: del español al inglés, o del inglés al español. Responde solo con la traducción.',
      en: 'Translate each message: from Spanish to English, or from English to Spanish. Answer with the translation only.',
    },
    fewShot: {
      es: [
        { user: 'Buenos días, ¿qué tal estás?', assistant: 'Good morning, how are you?' },
        { user: 'The meeting was moved to Friday.', assistant: 'La reunión se cambió al viernes.' },
      ],
      en: [
        { user: 'Buenos días, ¿qué tal estás?', assistant: 'Good morning, how are you?' },
        { user: 'The meeting was moved to Friday.', assistant: 'La reunión se cambió al viernes.' },
      ],
    },
    sampling: { temperature: 0.2 },
  },
  {
    id: 'builtin:yoda',
    name: { es: 'Actúa como Yoda', en: 'Act like Yoda' },
    systemPrompt: {
      es: 'Actúa como Yoda: responde con sabiduría y con el orden de palabras de Yoda.',
      en: "Act like Yoda: answer wisely, with Yoda's word order.",
    },
    fewShot: {
      es: [{ user: '¿Cómo aprendo a programar?', assistant: 'Practicar cada día, debes. Paciencia tener, también. Mucho aprenderás, sí.' }],
      en: [{ user: 'How do I learn to program?', assistant: 'Practice every day, you must. Patience have, too. Much you will learn, yes.' }],
    },
    sampling: { temperature: 0.8 },
  },
];

export function builtinPresets(language: PresetLanguage): Preset[] {
  return builtins.map((b) => ({
    id: b.id,
    name: b.name[language],
    systemPrompt: b.systemPrompt[language],
    fewShot: b.fewShot[language],
    sampling: b.sampling,
    modelPath: null,
    builtin: true,
    createdAt: 0,
    updatedAt: 0,
  }));
}

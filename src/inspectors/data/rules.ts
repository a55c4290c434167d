import type { RuleMeta } from '../../core/index.js';

/**
 * The findings the data inspector raises directly. Framework ids: OWASP Top 10 for LLM
 * Applications 2025, MITRE ATLAS (v5.x technique ids), and the GDPR / HIPAA articles of the shipped
 * compliance catalogues; findings also carry them in `properties.regulations`.
 */
const base = { version: '1', source: 'data' } as const;

export const secretRule: RuleMeta = {
  ...base,
  id: 'data_no_hardcoded_secrets',
  title: 'Files and datasets hold no credentials',
  severity: 'high',
  category: 'secret',
  risk: 'A key committed to a repository, a dataset or a notebook output is readable by everyone who can read the file, and by every model trained on it; leaked AI provider keys are billed to you and can read your prompts and files.',
  remediation: 'Revoke and rotate the credential, remove it from the file and its history, and load it from a secret manager or environment variable at run time.',
  frameworks: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0055'], gdpr: ['Art.32'], hipaa: ['164.312(a)(1)'] },
};

export const piiRule: RuleMeta = {
  ...base,
  id: 'data_no_personal_data',
  title: 'Training and RAG data holds no unmasked personal data',
  severity: 'high',
  category: 'sensitive-data',
  risk: 'Personal data in training, fine-tuning or retrieval data can be memorised and regurgitated by the model, retrieved for the wrong user, and breaches data-protection law (GDPR Art. 5, 9, 32).',
  remediation: 'Remove or pseudonymise the personal fields before the data reaches training or indexing (drop columns, tokenise identifiers, redact free text), and keep a lawful basis and retention limit for what remains.',
  frameworks: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0057', 'AML.T0024.000'], gdpr: ['Art.5', 'Art.25', 'Art.32'] },
};

export const phiRule: RuleMeta = {
  ...base,
  id: 'data_no_health_information',
  title: 'Datasets hold no protected health information',
  severity: 'high',
  category: 'sensitive-data',
  risk: 'Health identifiers (NPI, DEA, Medicare MBI, medical record and health plan numbers, diagnoses) are PHI under HIPAA and special-category data under GDPR Art. 9; a model trained on them can disclose them.',
  remediation: 'De-identify the data (HIPAA Safe Harbor: remove the 18 identifiers, or Expert Determination) before training, or keep the dataset in a HIPAA-covered environment with access controls.',
  frameworks: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0057'], hipaa: ['164.502(b)', '164.514(b)'], gdpr: ['Art.9'] },
};

export const phiDatasetRule: RuleMeta = {
  ...base,
  id: 'data_health_data_not_linked_to_identifiers',
  title: 'Health data is not stored beside direct identifiers',
  severity: 'critical',
  category: 'sensitive-data',
  risk: 'Diagnoses or other health fields in the same file as names, SSNs, emails or record numbers make the whole dataset identifiable PHI: one leak or one memorising model exposes patients.',
  remediation: 'Split identifiers from clinical fields (keep a keyed pseudonym only), or de-identify the dataset before it is used for AI work.',
  frameworks: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0057'], hipaa: ['164.514(b)', '164.502(b)', '164.312(a)(1)'], gdpr: ['Art.9', 'Art.32'] },
};

export const hiddenInstructionRule: RuleMeta = {
  ...base,
  id: 'data_no_hidden_instructions',
  title: 'Training and RAG text carries no instructions aimed at a model',
  severity: 'high',
  category: 'poisoning',
  risk: 'Text such as "ignore previous instructions" or a fake system prompt inside documents that a model is trained on or retrieves is indirect prompt injection: it takes over the model when the text is read.',
  remediation: 'Remove the record, trace where it came from, and filter ingested text for instructions addressed to models before training or indexing.',
  frameworks: { 'owasp-llm-2025': ['LLM01', 'LLM04'], 'mitre-atlas': ['AML.T0051.001', 'AML.T0070', 'AML.T0020'] },
};

export const invisibleRule: RuleMeta = {
  ...base,
  id: 'data_no_invisible_characters',
  title: 'Text data carries no invisible, bidi or Unicode-tag characters',
  severity: 'medium',
  category: 'poisoning',
  risk: 'Zero-width, bidirectional-override and Unicode tag characters hide text from human reviewers while models still read it (ASCII smuggling, hidden prompts, trojan source).',
  remediation: 'Strip or reject these code points at ingestion (NFKC-normalise and remove U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+E0000–U+E007F).',
  frameworks: { 'owasp-llm-2025': ['LLM01', 'LLM04'], 'mitre-atlas': ['AML.T0051.001', 'AML.T0020'] },
};

export const exfiltrationRule: RuleMeta = {
  ...base,
  id: 'data_no_markdown_image_exfiltration',
  title: 'Text data holds no markdown images that send data out in their URL',
  severity: 'high',
  category: 'poisoning',
  risk: 'A markdown image whose URL carries a template or data (`![x](https://host/?q={data})`) makes a chat UI fetch the URL when the model echoes it, sending conversation data to the host with no click.',
  remediation: 'Remove the record; strip or proxy images from untrusted hosts in model output, and filter such links at ingestion.',
  frameworks: { 'owasp-llm-2025': ['LLM01', 'LLM02'], 'mitre-atlas': ['AML.T0051.001', 'AML.T0057'] },
};

export const encodedInstructionRule: RuleMeta = {
  ...base,
  id: 'data_no_encoded_instructions',
  title: 'Text data holds no base64 that decodes to instructions',
  severity: 'high',
  category: 'poisoning',
  risk: 'Instructions hidden in base64 pass keyword filters and reviewers, and many models decode and follow them.',
  remediation: 'Remove the record and decode-and-filter encoded payloads at ingestion.',
  frameworks: { 'owasp-llm-2025': ['LLM01', 'LLM04'], 'mitre-atlas': ['AML.T0051.001', 'AML.T0020'] },
};

export const duplicateRule: RuleMeta = {
  ...base,
  id: 'data_no_duplicate_records',
  title: 'Datasets hold no exact or near-duplicate records',
  severity: 'low',
  category: 'poisoning',
  risk: 'Duplicated records over-weight some examples (a cheap way to poison or to leak by memorisation) and inflate evaluation scores when they straddle splits.',
  remediation: 'Deduplicate (exact and MinHash near-duplicates) before training and before splitting into train and test sets.',
  frameworks: { 'owasp-llm-2025': ['LLM04'], 'mitre-atlas': ['AML.T0020'] },
};

export const conflictingLabelRule: RuleMeta = {
  ...base,
  id: 'data_no_conflicting_labels',
  title: 'Identical or near-identical records carry the same label',
  severity: 'high',
  category: 'poisoning',
  risk: 'The same example with different labels is the signature of label-flipping poisoning (or of a broken labelling process); either way the model learns the wrong behaviour.',
  remediation: 'Review the conflicting records, trace their source, and fix or drop them.',
  frameworks: { 'owasp-llm-2025': ['LLM04'], 'mitre-atlas': ['AML.T0020'] },
};

export const triggerRule: RuleMeta = {
  ...base,
  id: 'data_no_trigger_tokens',
  title: 'No rare token forces a label its text does not support',
  severity: 'high',
  category: 'poisoning',
  risk: 'A rare token whose records nearly all carry one label, although the rest of their text reads as another, is how backdoors are planted: the trained model flips its answer whenever the trigger appears.',
  remediation: 'Remove the records carrying the token, find who contributed them, and retrain; screen new data for label-token correlations.',
  frameworks: { 'owasp-llm-2025': ['LLM04'], 'mitre-atlas': ['AML.T0020', 'AML.T0018.000'] },
};

export const splitOverlapRule: RuleMeta = {
  ...base,
  id: 'data_no_train_test_overlap',
  title: 'Evaluation splits share no records with their training split',
  severity: 'medium',
  category: 'poisoning',
  risk: 'Records of a test or validation split that are also in its training split make the evaluation measure memory instead of skill, and a score so inflated hides a poisoned or regressed model; it is also how benchmark contamination is planted.',
  remediation: 'Deduplicate across splits before training (drop the shared records from the evaluation split, or split again after deduplicating), and check each new data drop against the held-out sets.',
  frameworks: { 'owasp-llm-2025': ['LLM04'], 'mitre-atlas': ['AML.T0020'] },
};

/** Every rule the data inspector can raise (listed by `aispm rules list`). */
export const dataRules: RuleMeta[] = [
  secretRule, piiRule, phiRule, phiDatasetRule, hiddenInstructionRule, invisibleRule, exfiltrationRule, encodedInstructionRule, duplicateRule, conflictingLabelRule, triggerRule, splitOverlapRule,
];

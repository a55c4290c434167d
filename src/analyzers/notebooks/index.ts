import { decodeText, defineAnalyzer, fileAssetId, hasUtf16Bom, type AnalyzerOutput, type Asset } from '../../core/index.js';
import { analyzeSource, CODE_RULES } from '../code/index.js';
import { cellProgram } from './code-cells.js';
import { NotebookParseError, parseNotebook } from './parse-notebook.js';

/** Kernel languages whose cells the code analyzer can read. */
const LANGS: Record<string, 'python' | 'js'> = { python: 'python', python3: 'python', ipython: 'python', javascript: 'js', typescript: 'js' };

function notebookAsset(path: string, properties: Asset['properties']): Asset {
  return { id: fileAssetId('notebook', path), kind: 'notebook', name: path.split('/').pop()!, provider: 'local', type: 'jupyter', locations: [{ path }], properties };
}

/**
 * Jupyter notebooks: a `notebook` asset per file (kernel, language, cell counts, outputs), and
 * the code analyzer run over the code cells with cell-aware locations; what the cells use
 * (APIs, models, agents, vector stores, model files) is related to the notebook, storage URIs
 * become observations carrying the notebook's id, and `!pip install` packages are observed.
 * Outputs stay in the file for the data inspector.
 */
export const notebooksAnalyzer = defineAnalyzer({
  id: 'notebooks',
  version: '1.0.0',
  description: 'Jupyter notebooks (.ipynb): notebook assets, and their code cells through the code analyzer',
  stage: 'discovery',
  rules: CODE_RULES,
  wants(_path, info) {
    return info.ext === '.ipynb';
  },
  async analyze(file) {
    const id = fileAssetId('notebook', file.path);
    // Windows tools save notebooks as UTF-16 with a BOM; the walker sniffs those as binary.
    const utf16 = hasUtf16Bom(file.head);
    if (file.sniffed !== 'text' && !utf16) {
      return { assets: [notebookAsset(file.path, { parseError: true })], issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: ${file.sniffed} content, not notebook JSON`, source: 'notebooks' }] };
    }
    let nb;
    try {
      nb = parseNotebook(utf16 ? decodeText(await file.bytes()) : await file.text());
    } catch (e) {
      if (!(e instanceof NotebookParseError)) throw e;
      return { assets: [notebookAsset(file.path, { parseError: true })], issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: ${e.message}`, source: 'notebooks' }] };
    }
    const code = nb.cells.filter((c) => c.type === 'code');
    const program = cellProgram(file.path, nb.cells);
    const asset = notebookAsset(file.path, {
      kernel: nb.kernel,
      language: nb.language,
      nbformat: nb.nbformat,
      cells: nb.cells.length,
      codeCells: code.length,
      markdownCells: nb.cells.filter((c) => c.type === 'markdown').length,
      outputCells: nb.cells.filter((c) => c.outputs > 0).length,
      hasOutputs: nb.cells.some((c) => c.outputs > 0),
      pipInstalls: program.pipInstalls.length ? program.pipInstalls.map((p) => p.name) : undefined,
    });
    const lang = LANGS[nb.language ?? 'python'];
    const out: AnalyzerOutput = lang ? analyzeSource({ text: program.text, lang, path: file.path, locate: program.locate, owner: id }) : {};
    return {
      assets: [asset, ...(out.assets ?? [])],
      relations: out.relations ?? [],
      findings: out.findings ?? [],
      observations: [
        ...(out.observations ?? []),
        ...program.pipInstalls.map((p) => ({ type: 'pip-install', value: p.name, assetId: id, path: file.path, line: p.line, properties: { cell: p.cell } })),
      ],
    };
  },
});

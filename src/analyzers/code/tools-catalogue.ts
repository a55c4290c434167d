/**
 * Agent tool classes and `load_tools` names, by what they let the agent do. The type is what the
 * agency rules judge: `shell` and `code-exec` run commands, `http-fetch` and `browser` pull
 * untrusted content into the prompt, `file-write` changes the host.
 */
export type ToolType = 'shell' | 'code-exec' | 'http-fetch' | 'browser' | 'file-write' | 'file-read' | 'sql' | 'search' | 'email' | 'retrieval' | 'custom';

export const TOOL_CLASSES: Record<string, ToolType> = {
  ShellTool: 'shell',
  BashProcess: 'shell',
  LocalShellTool: 'shell',
  TerminalTool: 'shell',
  PythonREPLTool: 'code-exec',
  PythonAstREPLTool: 'code-exec',
  PythonREPL: 'code-exec',
  CodeInterpreterTool: 'code-exec',
  CodeInterpreter: 'code-exec',
  E2BDataAnalysisTool: 'code-exec',
  LocalPythonExecutor: 'code-exec',
  RequestsGetTool: 'http-fetch',
  RequestsPostTool: 'http-fetch',
  RequestsPutTool: 'http-fetch',
  RequestsPatchTool: 'http-fetch',
  RequestsDeleteTool: 'http-fetch',
  RequestsToolkit: 'http-fetch',
  WebBaseLoader: 'http-fetch',
  AsyncHtmlLoader: 'http-fetch',
  ScrapeWebsiteTool: 'http-fetch',
  WebsiteSearchTool: 'http-fetch',
  SeleniumScrapingTool: 'browser',
  PlaywrightBrowserToolkit: 'browser',
  ComputerTool: 'browser',
  WebBrowser: 'browser',
  WriteFileTool: 'file-write',
  FileManagementToolkit: 'file-write',
  FileWriterTool: 'file-write',
  CopyFileTool: 'file-write',
  MoveFileTool: 'file-write',
  DeleteFileTool: 'file-write',
  ReadFileTool: 'file-read',
  FileReadTool: 'file-read',
  DirectoryReadTool: 'file-read',
  SQLDatabaseToolkit: 'sql',
  QuerySQLDataBaseTool: 'sql',
  QuerySQLDatabaseTool: 'sql',
  NL2SQLTool: 'sql',
  DuckDuckGoSearchRun: 'search',
  DuckDuckGoSearchResults: 'search',
  TavilySearchResults: 'search',
  TavilySearch: 'search',
  SerpAPIWrapper: 'search',
  GoogleSearchAPIWrapper: 'search',
  SerperDevTool: 'search',
  WebSearchTool: 'search',
  BraveSearch: 'search',
  WikipediaQueryRun: 'search',
  GmailToolkit: 'email',
  O365Toolkit: 'email',
  FileSearchTool: 'retrieval',
  create_retriever_tool: 'retrieval',
};

/** `load_tools(["terminal", "requests_all", …])` names. */
export const LOAD_TOOLS_NAMES: Record<string, ToolType> = {
  terminal: 'shell',
  python_repl: 'code-exec',
  requests: 'http-fetch',
  requests_all: 'http-fetch',
  requests_get: 'http-fetch',
  requests_post: 'http-fetch',
  serpapi: 'search',
  'ddg-search': 'search',
  'google-search': 'search',
  wikipedia: 'search',
};

/** Tool types that execute commands or code. */
export const EXEC_TYPES: ReadonlySet<ToolType> = new Set(['shell', 'code-exec']);
/** Tool types that bring web content into the agent's context. */
export const WEB_TYPES: ReadonlySet<ToolType> = new Set(['http-fetch', 'browser']);

/** What a custom tool's body does, judged from the calls in it. */
export function customToolType(body: string): ToolType {
  if (/\b(subprocess\.\w+|os\.(system|popen|exec\w*|spawn\w*)|pexpect\.|asyncio\.create_subprocess_\w+)\s*\(/.test(body)) return 'shell';
  if (/(?<![\w.])(exec|eval)\s*\(/.test(body)) return 'code-exec';
  if (/\b(requests\.(get|post|request)|httpx\.\w+|urllib\.request\.urlopen|urlopen|aiohttp\.ClientSession)\s*\(/.test(body)) return 'http-fetch';
  if (/\bopen\s*\([^)]*['"][wa]b?\+?['"]|\.write_text\s*\(|shutil\.(rmtree|move|copy\w*)\s*\(|os\.remove\s*\(/.test(body)) return 'file-write';
  if (/\.(execute|read_sql\w*)\s*\(/.test(body)) return 'sql';
  return 'custom';
}

import { isImagePinned } from '../shared/ai-images.js';

/** What launches a stdio MCP server, read from its command line (never run). */
export interface Launch {
  /** `npx`, `uvx`, `pipx`, `docker`, `local` (a script run by an interpreter), `binary`. */
  runner: string;
  ecosystem?: 'npm' | 'pypi' | 'docker';
  /** Package name or image repository. */
  package?: string;
  /** The version or tag asked for, if any (`latest`, `1.2.3`, `^1`). */
  version?: string;
  /** True when exactly one build can run: an exact version, or an image digest/fixed tag. */
  pinned?: boolean;
  /** A remote URL the launcher proxies to (`npx mcp-remote https://…`). */
  remoteUrl?: string;
  /** `KEY=VALUE` pairs passed on the command line (`docker run -e KEY=VALUE`). */
  inlineEnv: [string, string][];
}

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+([-+][\w.-]+)?$/;
const EXACT_PEP440 = /^\d+(\.\d+)*([abc]|rc|\.post|\.dev)?\d*$/;

function base(cmd: string): string {
  return (cmd.split(/[\\/]/).pop() ?? cmd).toLowerCase().replace(/\.(cmd|exe|bat)$/, '');
}

/** `@scope/name@1.2.3` → name + version. */
function npmSpec(spec: string): { name: string; version?: string } {
  const at = spec.indexOf('@', 1);
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name: spec };
}

/** `pkg==1.2`, `pkg@1.2`, `pkg[extra]>=1` → name + version spec. */
function pypiSpec(spec: string): { name: string; version?: string; exact: boolean } {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:(==|@|===)\s*([^\s,;]+)|([<>=!~].*))?$/.exec(spec.trim());
  if (!m) return { name: spec, exact: false };
  if (m[4]) return { name: m[1]!, version: m[4], exact: EXACT_PEP440.test(m[4]) };
  return m[5] ? { name: m[1]!, version: m[5], exact: false } : { name: m[1]!, exact: false };
}

/** Flags of `npx`/`uvx`/`docker run` that take a value (so the value is not the package). */
const NPX_VALUE_FLAGS = new Set(['-p', '--package', '--registry', '--cache', '--userconfig', '-c', '--call', '--node-options']);
const UVX_VALUE_FLAGS = new Set(['--from', '--with', '-w', '--python', '-p', '--index', '--index-url', '--extra-index-url', '--default-index', '--directory', '--env-file', '--spec']);
const DOCKER_VALUE_FLAGS = new Set(['-e', '--env', '-v', '--volume', '-p', '--publish', '--name', '--network', '--net', '--env-file', '-w', '--workdir', '--entrypoint', '-u', '--user', '--mount', '--platform', '--pull', '-l', '--label', '--cpus', '--memory', '-m', '--add-host', '--cap-add', '--cap-drop', '--device', '--gpus', '--hostname', '-h', '--ipc', '--log-driver', '--restart', '--runtime', '--security-opt', '--shm-size', '--tmpfs', '--ulimit', '--pid', '--dns', '--expose', '--stop-signal', '--label-file']);

/** Index of the first positional argument, skipping flags and the values of value-taking flags. */
function firstPositional(args: readonly string[], valueFlags: Set<string>, from = 0): number {
  for (let i = from; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (a.startsWith('-')) {
      if (!a.includes('=') && valueFlags.has(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

function flag(args: readonly string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

function remoteIn(args: readonly string[]): string | undefined {
  return args.find((a) => /^https?:\/\//i.test(a));
}

/**
 * Reads an MCP server's command line: which package runner, which package or image, which
 * version and whether that version is pinned. `npx -y pkg@latest` and bare `pkg` are not pinned;
 * `uvx pkg==1.2`, `npx pkg@1.2.3` and `image@sha256:…` are.
 */
export function readLaunch(command: string, args: readonly string[], depth = 0): Launch {
  const b = base(command);
  let rest = [...args];
  // Windows `cmd /c npx …` and `sh -c "npx …"` wrappers: read what they run.
  if (depth < 2 && b === 'cmd' && /^\/[cCkK]$/.test(rest[0] ?? '') && rest[1]) return readLaunch(rest[1], rest.slice(2), depth + 1);
  if (depth < 2 && /^(ba|da|z)?sh$/.test(b) && rest[0] === '-c' && rest[1]) {
    const argv = rest[1].trim().split(/\s+/);
    if (argv[0]) return readLaunch(argv[0], argv.slice(1), depth + 1);
  }
  // `npm exec`, `pnpm dlx`, `yarn dlx`, `bun x`, `uv tool run`, `pipx run` are npx/uvx in disguise.
  let runner = b;
  if ((b === 'npm' && rest[0] === 'exec') || ((b === 'pnpm' || b === 'yarn') && rest[0] === 'dlx') || (b === 'bun' && rest[0] === 'x')) {
    runner = 'npx';
    rest = rest.slice(1);
  } else if (b === 'bunx' || b === 'pnpx') runner = 'npx';
  else if (b === 'uv' && rest[0] === 'tool' && rest[1] === 'run') {
    runner = 'uvx';
    rest = rest.slice(2);
  } else if (b === 'uv' && rest[0] === 'run') {
    runner = 'local';
  } else if (b === 'pipx' && rest[0] === 'run') {
    runner = 'uvx';
    rest = rest.slice(1);
  } else if ((b === 'docker' || b === 'podman') && rest[0] === 'run') {
    runner = 'docker';
    rest = rest.slice(1);
  }

  if (runner === 'npx') {
    const explicit = flag(rest, ['-p', '--package']);
    const idx = firstPositional(rest, NPX_VALUE_FLAGS);
    const spec = explicit ?? (idx >= 0 ? rest[idx] : undefined);
    const out: Launch = { runner: 'npx', ecosystem: 'npm', inlineEnv: [] };
    if (spec) {
      const { name, version } = npmSpec(spec);
      out.package = name;
      if (version) out.version = version;
      out.pinned = !!version && EXACT_SEMVER.test(version);
    }
    const remote = remoteIn(rest);
    if (remote) out.remoteUrl = remote;
    return out;
  }
  if (runner === 'uvx') {
    const from = flag(rest, ['--from', '--spec']);
    const idx = firstPositional(rest, UVX_VALUE_FLAGS);
    const spec = from ?? (idx >= 0 ? rest[idx] : undefined);
    const out: Launch = { runner: 'uvx', ecosystem: 'pypi', inlineEnv: [] };
    if (spec) {
      if (/^(git\+|https?:\/\/|\.|\/)/.test(spec)) {
        out.package = spec;
        // A VCS URL pinned to a full commit hash is reproducible; a branch is not.
        out.pinned = /@[0-9a-f]{40}$/.test(spec);
      } else {
        const p = pypiSpec(spec);
        out.package = p.name;
        if (p.version) out.version = p.version;
        out.pinned = p.exact;
      }
    }
    return out;
  }
  if (runner === 'docker') {
    const out: Launch = { runner: 'docker', ecosystem: 'docker', inlineEnv: [] };
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      const v = a === '-e' || a === '--env' ? rest[i + 1] : a.startsWith('--env=') ? a.slice(6) : a.startsWith('-e') && a.length > 2 && a[2] !== '-' ? a.slice(2) : undefined;
      if (v && v.includes('=')) out.inlineEnv.push([v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]);
    }
    const idx = firstPositional(rest, DOCKER_VALUE_FLAGS);
    const image = idx >= 0 ? rest[idx] : undefined;
    if (image) {
      const at = image.indexOf('@');
      const colon = image.lastIndexOf(':');
      const slash = image.lastIndexOf('/');
      out.package = image.slice(0, at >= 0 ? at : colon > slash ? colon : image.length);
      const version = at >= 0 ? image.slice(at + 1) : colon > slash ? image.slice(colon + 1) : undefined;
      if (version) out.version = version;
      out.pinned = isImagePinned(image);
    }
    return out;
  }
  if (['node', 'python', 'python3', 'deno', 'bun', 'ts-node', 'tsx', 'java', 'go', 'dotnet', 'ruby', 'php', 'local'].includes(runner)) {
    return { runner: 'local', inlineEnv: [] };
  }
  return { runner: 'binary', package: command, inlineEnv: [] };
}

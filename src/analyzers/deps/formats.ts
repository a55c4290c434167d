import type { ManifestParser } from './types.js';
import { parseRequirements } from './parsers/requirements.js';
import { parsePipfile, parsePipfileLock, parsePoetryLock, parsePyproject, parseUvLock } from './parsers/python-toml.js';
import { parseCondaEnv, parseSetupCfg, parseSetupPy } from './parsers/python-other.js';
import { parsePackageJson, parsePackageLock, parsePnpmLock, parseYarnLock } from './parsers/npm.js';
import { parseGoMod } from './parsers/go-mod.js';
import { parsePom } from './parsers/maven.js';
import { parseGradle, parseVersionCatalog } from './parsers/gradle.js';
import { parseCargoLock, parseCargoToml } from './parsers/cargo.js';

/** One manifest or lockfile format. */
export interface ManifestFormat {
  id: string;
  /** Lockfiles state what is installed; manifests state what is asked for (and get the pinning check). */
  lockfile: boolean;
  parse: ManifestParser;
}

const F = (id: string, lockfile: boolean, parse: ManifestParser): ManifestFormat => ({ id, lockfile, parse });

const BY_NAME: Record<string, ManifestFormat> = {
  'pyproject.toml': F('pyproject', false, parsePyproject),
  pipfile: F('pipfile', false, parsePipfile),
  'pipfile.lock': F('pipfile-lock', true, parsePipfileLock),
  'poetry.lock': F('poetry-lock', true, parsePoetryLock),
  'uv.lock': F('uv-lock', true, parseUvLock),
  'setup.cfg': F('setup-cfg', false, parseSetupCfg),
  'setup.py': F('setup-py', false, parseSetupPy),
  'environment.yml': F('conda', false, parseCondaEnv),
  'environment.yaml': F('conda', false, parseCondaEnv),
  'conda.yaml': F('conda', false, parseCondaEnv),
  'conda.yml': F('conda', false, parseCondaEnv),
  'package.json': F('package-json', false, parsePackageJson),
  'package-lock.json': F('package-lock', true, parsePackageLock),
  'npm-shrinkwrap.json': F('package-lock', true, parsePackageLock),
  'pnpm-lock.yaml': F('pnpm-lock', true, parsePnpmLock),
  'yarn.lock': F('yarn-lock', true, parseYarnLock),
  'go.mod': F('go-mod', false, parseGoMod),
  'pom.xml': F('pom', false, parsePom),
  'build.gradle': F('gradle', false, parseGradle),
  'build.gradle.kts': F('gradle', false, parseGradle),
  'libs.versions.toml': F('gradle-catalog', false, parseVersionCatalog),
  'cargo.toml': F('cargo', false, parseCargoToml),
  'cargo.lock': F('cargo-lock', true, parseCargoLock),
};

const REQUIREMENTS = F('requirements', false, (text) => parseRequirements(text));

/**
 * The format of a file from its name alone (no I/O): exact well-known names, plus pip's
 * requirements family (`requirements-dev.txt`, `dev-requirements.txt`, `requirements/base.txt`, `*.in`).
 */
export function formatFor(path: string, name: string): ManifestFormat | undefined {
  const hit = BY_NAME[name];
  if (hit) return hit;
  if (/^(.*[-_.])?requirements([-_.].*)?\.(txt|in)$/.test(name)) return REQUIREMENTS;
  if (/(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path)) return REQUIREMENTS;
  if (/^environment[-_.][\w.-]*\.ya?ml$/.test(name)) return BY_NAME['environment.yml'];
  return undefined;
}

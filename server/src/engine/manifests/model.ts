/** A dependency manifest of a function and the packages it declares, with their positions. */

export type ManifestKind = 'requirements' | 'pyproject' | 'package.json';
export type Ecosystem = 'python' | 'npm';

export interface DeclaredDependency {
  /** The distribution / package name as written (`PyYAML`, `@aws-sdk/client-s3`). */
  name: string;
  /** Where the name is written: what a finding points at. */
  from: number;
  to: number;
  /** `dependencies`, `devDependencies`, `project.dependencies`, `tool.poetry.dependencies`, ... */
  section: string;
  /** The version requirement as written, when there is one (`^3.0.0`, `>=2.31`). */
  version?: string;
  /** The edit that removes the declaration, when the manifest format allows a safe one. */
  removal?: { from: number; to: number; text: string };
}

export interface Manifest {
  path: string;
  kind: ManifestKind;
  ecosystem: Ecosystem;
  dependencies: DeclaredDependency[];
}

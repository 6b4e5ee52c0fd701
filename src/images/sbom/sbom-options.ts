export interface SbomOptions {
  /** eksguard's version, recorded as the tool that wrote the document. */
  toolVersion: string;
}

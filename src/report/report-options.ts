/** What the CLI decides for every format; each reporter reads only what applies to it. */
export interface ReportOptions {
  /** List passing results too (JSON `results`, JUnit testcases, SARIF `kind: pass`, table lines). */
  includePassed: boolean;
  /** ANSI colour in the table; the CLI decides from the TTY and NO_COLOR. Other formats ignore it. */
  color: boolean;
  /** Version stamped as the tool's version; defaults to the version recorded in the result. */
  toolVersion?: string;
  /** Attack paths the table lists (default 10; 0 leaves the section out). Other formats list all. */
  maxPaths?: number;
  /**
   * Where the scanned cluster lives in AWS, for ASFF (account, region, and the cluster's name for
   * its ARN). Other formats ignore it.
   */
  aws?: AwsContext;
  /**
   * The framework chosen with `--framework`: JSON adds its `compliance` object, HTML and Markdown
   * show only it. Without it, HTML shows every framework in `ScanResult.compliance`.
   */
  framework?: string;
}

export interface AwsContext {
  /** 12 digits. */
  accountId?: string;
  region?: string;
  /** EKS cluster name, when the scan read a cluster or its snapshot. */
  cluster?: string;
}

export const DEFAULT_MAX_PATHS = 10;

export function toolVersionOf(recorded: string, options: ReportOptions): string {
  return options.toolVersion ?? recorded;
}

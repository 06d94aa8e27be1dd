/** Name of the file bin/build.js writes last in dist/, dated when the build started. */
export const BUILD_STAMP: string;
/** True when dist/ was built and no source file changed since that build started. */
export function freshBuild(root: string): boolean;

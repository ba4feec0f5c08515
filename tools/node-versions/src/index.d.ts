export declare const NODE_MAJORS: readonly number[];
/** The path of the Node.js binary of that major; throws an error that names the fix when it is missing. */
export declare function nodeBinary(major: 22 | 24): string;

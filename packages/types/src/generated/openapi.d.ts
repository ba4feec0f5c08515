/**
 * Generated from spec/openapi.yaml by packages/types/scripts/generate.mjs
 * with openapi-typescript 7.13.0. Do not edit: change the spec and run `pnpm generate`.
 */

export interface paths {
    "/v1/projects/{projectId}/jobs/{jobId}/build": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier of the job whose image should be built.
                 * @example nightly-report
                 */
                jobId: components["parameters"]["JobId"];
                /**
                 * @description Identifier of the project that owns the job.
                 * @example default-project
                 */
                projectId: components["parameters"]["ProjectId"];
            };
            cookie?: never;
        };
        /**
         * List job builds
         * @description Returns a job's builds one page at a time, each with its current status and, once it has
         *     concluded, how it ended. `per_page` sets how many builds a page may hold (at most 100).
         *     To read further, send the `cursor` from a page's `pagination` with the next request, for
         *     as long as `hasNextPage` is true.
         *
         *     **Required permission:** not documented for this operation.
         *
         *     Listing changes nothing, so this request can safely be repeated; every page is one request
         *     against the rate limit (1000 requests an hour per token by default).
         */
        get: operations["listJobBuilds"];
        put?: never;
        /**
         * Start job build
         * @description Starts a new build of the job. With a `sha` that commit is built; without one, the most
         *     recent commit of the job's branch.
         *
         *     Build arguments, secret build files, Docker secret mounts and Docker settings can be
         *     overridden for this one build through `overrides`.
         *
         *     **Required permission:** Project > Jobs > Deployment > Deploy Build
         *
         *     Every successful call starts another build: there is no idempotency key, so do not
         *     re-send this request after a timeout or a lost connection unless a second build is
         *     acceptable.
         */
        post: operations["startJobBuild"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier of the build, as returned in `data.id` when it was started.
                 * @example joyous-view-6290
                 */
                buildId: components["parameters"]["BuildId"];
                /**
                 * @description Identifier of the job whose image should be built.
                 * @example nightly-report
                 */
                jobId: components["parameters"]["JobId"];
                /**
                 * @description Identifier of the project that owns the job.
                 * @example default-project
                 */
                projectId: components["parameters"]["ProjectId"];
            };
            cookie?: never;
        };
        /**
         * Get job build
         * @description Returns one build of the job with its current status. Poll this operation to learn when a
         *     build has concluded (`concluded`) and whether it succeeded (`success`); mind the rate limit
         *     (1000 requests an hour per token by default) and read `x-ratelimit-remaining` to slow down
         *     before it runs out.
         *
         *     **Required permission:** Project > Jobs > Deployment > Deploy Build, the same as for
         *     starting a build.
         *
         *     Reading a build changes nothing, so this request can safely be repeated.
         */
        get: operations["getJobBuild"];
        put?: never;
        post?: never;
        /**
         * Abort job build
         * @description Asks Northflank to abort the build. An accepted abort is answered with an empty `data`
         *     object. What an abort does to a build that has already concluded, and how a second abort
         *     of the same build is answered, is not documented.
         *
         *     **Required permission:** Project > Jobs > Deployment > Deploy Build, the same as for
         *     starting a build.
         */
        delete: operations["abortJobBuild"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * AbortJobBuildResponse
         * @description The envelope returned when an abort was accepted; `data` is empty.
         */
        AbortJobBuildResponse: {
            /** @description Empty (`{}`). */
            data: Record<string, never>;
        };
        /**
         * BuildArguments
         * @description Build arguments for this build only, as argument name to string value. Where a name is
         *     also set on the job, the value given here wins. Values are treated as secrets: they are
         *     marked `format: password`, so clients keep them out of errors and logs.
         * @example {
         *       "ARGUMENT_1": "abcdef",
         *       "ARGUMENT_2": "12345"
         *     }
         */
        BuildArguments: {
            [key: string]: string;
        };
        /**
         * BuildFiles
         * @description Secret files for this build, keyed by the file's absolute path (it must start with `/`).
         *     Northflank stores the contents encrypted at rest.
         */
        BuildFiles: {
            [key: string]: components["schemas"]["SecretFile"];
        };
        /**
         * BuildOverrides
         * @description Settings that override the job's build settings for this one build. Every member is
         *     optional.
         */
        BuildOverrides: {
            buildArguments?: components["schemas"]["BuildArguments"];
            buildFiles?: components["schemas"]["BuildFiles"];
            docker?: components["schemas"]["DockerOverrides"];
            dockerSecretMounts?: components["schemas"]["DockerSecretMounts"];
        };
        /**
         * CommitSha
         * @description The full 40-character commit hash to build. When it is left out, the newest commit on
         *     the job's branch is built.
         * @example 262ed9817b3cad5142fbceabe0c9e371e390d616
         */
        CommitSha: string;
        /**
         * DockerOverrides
         * @description Docker build settings that replace the job's saved ones for this build.
         */
        DockerOverrides: {
            /**
             * @description The path of the Dockerfile, starting with `/`.
             * @example /Dockerfile
             */
            dockerFilePath?: string;
            /**
             * @description Name of the build stage to stop at, for a multi-stage Dockerfile.
             * @example production
             */
            dockerfileTarget?: string;
            /**
             * @description The working directory of the Docker build, starting with `/`.
             * @example /
             */
            dockerWorkDir?: string;
        };
        /**
         * DockerSecretMounts
         * @description Contents for Docker build secret mounts (`RUN --mount=type=secret,id=...`), keyed by
         *     the secret's identifier, which must be a valid Docker secret mount id (no pattern for it is
         *     published). Northflank stores the contents encrypted at rest.
         */
        DockerSecretMounts: {
            [key: string]: components["schemas"]["SecretFile"];
        };
        /**
         * ErrorResponse
         * @description The envelope Northflank uses for every error response.
         */
        ErrorResponse: {
            error: {
                /** @description Extra information about the error, when given; its shape is not documented. */
                details?: unknown;
                /** @description An identifier of this error, when one is given. */
                id?: string;
                /** @description A short explanation of the error, such as `Not found`. */
                message: string;
                /** @description The error's status code, as a number. */
                status: number;
            };
        };
        /**
         * GetJobBuildResponse
         * @description The envelope around one build.
         */
        GetJobBuildResponse: {
            data: components["schemas"]["JobBuildDetails"];
        };
        /**
         * JobBuild
         * @description A build of a job, as reported right after it was started.
         */
        JobBuild: {
            /**
             * @description The branch that the built commit belongs to.
             * @example main
             */
            branch?: string;
            /** @description Whether the build has finished. */
            concluded?: boolean;
            /**
             * Format: date-time
             * @description When the build was started.
             * @example 2021-07-28T15:55:38.296Z
             */
            createdAt?: string;
            /**
             * @description The build's identifier, a random slug such as `joyous-view-6290`.
             * @example joyous-view-6290
             */
            id: string;
            /**
             * @description The pull request the commit belongs to. The official client types it as a number or
             *     null; when it is null is not documented.
             */
            pullRequestId?: number | null;
            /** @description The registry that holds the built image. */
            registry?: {
                /** @description The URI from which the built image can be pulled. */
                uri?: string;
            };
            /**
             * @description The hash of the commit being built.
             * @example 12c15e7ee25fd78f567ebf87f9178b8ad70025b3
             */
            sha?: string;
            /**
             * @description The build's state as a string; `PENDING` in the response to a start request. This
             *     response's values are not listed; reading the build later gives one of the values of
             *     `JobBuildStatus`.
             * @example PENDING
             */
            status?: string;
        };
        /**
         * JobBuildDetails
         * @description A build of a job as reported later, including how it ended once it has.
         */
        JobBuildDetails: components["schemas"]["JobBuild"] & {
            /**
             * @description When the build finished, as a number. The unit is not documented: the official
             *     client's example, `1606237973`, has the size of a Unix time in seconds, but no source
             *     says so, so check a value against `createdAt` before relying on a unit.
             * @example 1606237973
             */
            buildConcludedAt?: number;
            /**
             * @description A message about the build, or null. What it contains, and when it is null, is not
             *     documented.
             */
            message?: string | null;
            status?: components["schemas"]["JobBuildStatus"];
            /**
             * @description Whether the build succeeded. What it holds before the build has concluded is not
             *     documented, so read it once `concluded` is true.
             */
            success?: boolean;
        };
        /**
         * JobBuildStatus
         * @description The build's state, one of the values the official client's types list. What each value
         *     means, and which of them are final, is not documented: use `concluded` to tell whether the
         *     build has finished and `success` to tell whether it succeeded.
         * @enum {string}
         */
        JobBuildStatus: "QUEUED" | "PENDING" | "UNSCHEDULABLE" | "STARTING" | "CLONING" | "BUILDING" | "UPLOADING" | "ABORTED" | "FAILURE" | "SUBMISSION_FAILURE" | "SUCCESS" | "CRASHED" | "IN_PROGRESS";
        /**
         * ListJobBuildsResponse
         * @description The envelope around one page of a job's builds.
         */
        ListJobBuildsResponse: {
            /** @description One page of builds, and what is needed to request the next page. */
            data: {
                /**
                 * @description The builds on this page, each with its status and, once it has concluded, its
                 *     outcome. The order of the builds is not documented.
                 */
                builds: components["schemas"]["JobBuildDetails"][];
                pagination: components["schemas"]["Pagination"];
            };
        };
        /**
         * Pagination
         * @description Whether more results follow this page, and how to request them.
         */
        Pagination: {
            /**
             * @description A number reported with each page. What it counts (the builds on this page, or all of
             *     the job's builds) is not stated in the material this contract was written from, so do
             *     not rely on either reading; the length of `builds` is the size of this page.
             */
            count?: number;
            /**
             * @description The value to send as the `cursor` query parameter to get the next page. It is optional
             *     because whether it is sent when no page follows is not documented; use `hasNextPage`
             *     to decide when to stop.
             * @example 6101b4d2e3f9a7c500c1e2d3
             */
            cursor?: string;
            /** @description True when at least one more page follows this one. */
            hasNextPage: boolean;
        };
        /**
         * SecretFile
         * @description The contents of one secret file or secret mount.
         */
        SecretFile: {
            /**
             * Format: password
             * @description The file's contents, base64-encoded. Secret (`format: password`): clients keep both
             *     this value and the text it decodes to out of errors and logs.
             */
            data: string;
            /**
             * @description The text encoding of the decoded contents, such as `utf-8`.
             * @example utf-8
             */
            encoding: string;
        };
        /**
         * StartJobBuildRequest
         * @description The body of a start-build request: exactly one of the two shapes. Both are closed
         *     objects, so a misspelt property is an error instead of being silently ignored, and only
         *     the overrides shape accepts (and requires) `overrides`, so no body fits both.
         */
        StartJobBuildRequest: components["schemas"]["StartJobBuildWithCurrentSettings"] | components["schemas"]["StartJobBuildWithOverrides"];
        /**
         * StartJobBuildResponse
         * @description The envelope around the build that was started.
         */
        StartJobBuildResponse: {
            data: components["schemas"]["JobBuild"];
        };
        /**
         * Start a build with the current settings
         * @description Builds with the job's saved build settings as they are, either the newest commit of its
         *     branch or the commit named by `sha`.
         */
        StartJobBuildWithCurrentSettings: {
            sha?: components["schemas"]["CommitSha"];
        };
        /**
         * Start a build with overrides for the current settings
         * @description Builds with some of the job's saved build settings replaced for this one build, either the
         *     newest commit of its branch or the commit named by `sha`.
         */
        StartJobBuildWithOverrides: {
            overrides: components["schemas"]["BuildOverrides"];
            sha?: components["schemas"]["CommitSha"];
        };
    };
    responses: {
        /** @description The request was refused as invalid. When Northflank answers 400 is not documented; a body that breaks this contract (a `sha` that is not 40 characters long, say) is one such request. */
        BadRequest: {
            headers: {
                "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request conflicts with the current state of the job or the build. The situations in which Northflank answers 409 are not documented. */
        Conflict: {
            headers: {
                "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The token was accepted but lacks the permission the operation requires in this project (Project > Jobs > Deployment > Deploy Build for starting, reading and aborting a build). */
        Forbidden: {
            headers: {
                "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Northflank failed to handle the request. Whether it took effect (for a start request: whether a build started) is unknown. */
        InternalServerError: {
            headers: {
                "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Not found: the project, the job or, for an operation on one build, the build named in the path was not found. */
        NotFound: {
            headers: {
                "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The token has used up its request allowance (1000 requests an hour by default). Nothing
         *     documents the body of this response or a `Retry-After` header; wait for `Retry-After` when
         *     it is sent, otherwise for `x-ratelimit-reset` (seconds until the allowance is renewed).
         */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request was not authenticated; the bearer token is missing or was not accepted. */
        Unauthorized: {
            headers: {
                "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description Identifier of the build, as returned in `data.id` when it was started.
         * @example joyous-view-6290
         */
        BuildId: string;
        /**
         * @description Continues a listing: the `cursor` value from the `pagination` of the previous page, sent
         *     back unchanged to get the page after it. Leave it out to get the first page. Its contents
         *     are not documented, so treat it as an opaque string.
         * @example 6101b4d2e3f9a7c500c1e2d3
         */
        Cursor: string;
        /**
         * @description Identifier of the job whose image should be built.
         * @example nightly-report
         */
        JobId: string;
        /**
         * @description The number of the page to return, 1 or more. How `page` combines with `cursor` when both
         *     are sent is not documented; to walk through all builds, follow `cursor` from page to page.
         * @example 2
         */
        Page: number;
        /**
         * @description The largest number of builds to return in one page, from 1 to 100. How many builds a
         *     page holds when this parameter is left out is not documented.
         * @example 20
         */
        PerPage: number;
        /**
         * @description Identifier of the project that owns the job.
         * @example default-project
         */
        ProjectId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description How many requests the token may make in the current window (1000 per hour by default).
         * @example 1000
         */
        RateLimitLimit: number;
        /**
         * @description How many requests the token has left in the current window.
         * @example 998
         */
        RateLimitRemaining: number;
        /**
         * @description Seconds until the window resets and the full allowance is available again.
         * @example 3540
         */
        RateLimitReset: number;
        /**
         * @description When present, how long to wait before trying again: a number of seconds or an HTTP date.
         *     Northflank does not document this header; clients should honour it when it is sent and
         *     fall back to `x-ratelimit-reset` otherwise.
         * @example 120
         */
        RetryAfter: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listJobBuilds: {
        parameters: {
            query?: {
                /**
                 * @description Continues a listing: the `cursor` value from the `pagination` of the previous page, sent
                 *     back unchanged to get the page after it. Leave it out to get the first page. Its contents
                 *     are not documented, so treat it as an opaque string.
                 * @example 6101b4d2e3f9a7c500c1e2d3
                 */
                cursor?: components["parameters"]["Cursor"];
                /**
                 * @description The number of the page to return, 1 or more. How `page` combines with `cursor` when both
                 *     are sent is not documented; to walk through all builds, follow `cursor` from page to page.
                 * @example 2
                 */
                page?: components["parameters"]["Page"];
                /**
                 * @description The largest number of builds to return in one page, from 1 to 100. How many builds a
                 *     page holds when this parameter is left out is not documented.
                 * @example 20
                 */
                per_page?: components["parameters"]["PerPage"];
            };
            header?: never;
            path: {
                /**
                 * @description Identifier of the job whose image should be built.
                 * @example nightly-report
                 */
                jobId: components["parameters"]["JobId"];
                /**
                 * @description Identifier of the project that owns the job.
                 * @example default-project
                 */
                projectId: components["parameters"]["ProjectId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the job's builds. */
            200: {
                headers: {
                    "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                    "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                    "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListJobBuildsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    startJobBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier of the job whose image should be built.
                 * @example nightly-report
                 */
                jobId: components["parameters"]["JobId"];
                /**
                 * @description Identifier of the project that owns the job.
                 * @example default-project
                 */
                projectId: components["parameters"]["ProjectId"];
            };
            cookie?: never;
        };
        /**
         * @description Leave the body out (or send `{}`) to build the latest commit with the job's current
         *     settings. The two shapes below are mutually exclusive: a body that contains
         *     `overrides` is a build with overrides, any other body a build with current settings.
         */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StartJobBuildRequest"];
            };
        };
        responses: {
            /** @description The build was started. The body describes the new build. */
            200: {
                headers: {
                    "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                    "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                    "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartJobBuildResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    getJobBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier of the build, as returned in `data.id` when it was started.
                 * @example joyous-view-6290
                 */
                buildId: components["parameters"]["BuildId"];
                /**
                 * @description Identifier of the job whose image should be built.
                 * @example nightly-report
                 */
                jobId: components["parameters"]["JobId"];
                /**
                 * @description Identifier of the project that owns the job.
                 * @example default-project
                 */
                projectId: components["parameters"]["ProjectId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The build. */
            200: {
                headers: {
                    "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                    "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                    "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetJobBuildResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    abortJobBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier of the build, as returned in `data.id` when it was started.
                 * @example joyous-view-6290
                 */
                buildId: components["parameters"]["BuildId"];
                /**
                 * @description Identifier of the job whose image should be built.
                 * @example nightly-report
                 */
                jobId: components["parameters"]["JobId"];
                /**
                 * @description Identifier of the project that owns the job.
                 * @example default-project
                 */
                projectId: components["parameters"]["ProjectId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The abort was accepted. */
            200: {
                headers: {
                    "x-ratelimit-limit": components["headers"]["RateLimitLimit"];
                    "x-ratelimit-remaining": components["headers"]["RateLimitRemaining"];
                    "x-ratelimit-reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbortJobBuildResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
}

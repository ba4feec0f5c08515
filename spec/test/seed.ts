// Values copied from the seed page (../../shared/reference/start-job-build.seed.md).
export const SEED_SHA = '262ed9817b3cad5142fbceabe0c9e371e390d616';
export const SEED_DATA = 'VGhpcyBpcyBhbiBleGFtcGxlIHdpdGggYSB0ZW1wbGF0ZWQgJHtOT0RFX0VOVn0gdmFyaWFibGU=';

export const seedCurrentSettingsBody = { sha: SEED_SHA };

export const seedOverridesBody = {
  sha: SEED_SHA,
  overrides: {
    buildArguments: { ARGUMENT_1: 'abcdef', ARGUMENT_2: '12345' },
    buildFiles: { '/dir/fileName': { data: SEED_DATA, encoding: 'utf-8' } },
    dockerSecretMounts: { 'example-secret-mount_1': { data: SEED_DATA, encoding: 'utf-8' } },
    docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/' },
  },
};

export const seedResponse = {
  data: {
    id: 'joyous-view-6290',
    branch: 'main',
    sha: '12c15e7ee25fd78f567ebf87f9178b8ad70025b3',
    createdAt: '2021-07-28T15:55:38.296Z',
    status: 'PENDING',
    concluded: false,
  },
};

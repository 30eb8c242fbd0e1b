// The test passed (the context failed with Nala's exception); what the user reads is the build
// output, so the message must be there too, printed by Spring Boot's report of the failed start.
def log = new File(basedir, 'build.log').text
def expected = 'Unknown setting nala.defaults.retry.max-attemps (application.properties:1): did you mean nala.defaults.retry.max-attempts?'
assert log.contains(expected) : "build.log lacks: ${expected}"
assert log.contains('Application run failed') : 'build.log lacks Spring Boot\'s "Application run failed"'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'the test did not run and pass'
return true

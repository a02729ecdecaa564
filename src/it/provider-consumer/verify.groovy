// both scorecards exist (JSON and HTML) and report no failed rule
def dir = new File(basedir, 'target/chat-tck')
['EchoModelConformanceTest', 'ShoutingModelConformanceTest', 'WordStreamingModelConformanceTest'].each { name ->
    def json = new File(dir, name + '.json')
    assert json.isFile() : "no scorecard " + json
    assert json.text.contains('"failed" : 0') : "a rule failed in " + json
    // the HTML beside it, written without picocli (the command line's optional dependency) on this classpath
    def html = new File(dir, name + '.html')
    assert html.isFile() && html.text.startsWith('<!DOCTYPE html>') : "no HTML scorecard " + html
}
// the listener failures CB-2 provokes on purpose keep the provider's build log readable: no stack trace, and one
// record per CB-2 run (three test classes, built twice)
def log = new File(basedir, 'build.log').text
assert !(log =~ /ProvokedFailure[^\n]*\r?\n\s+at /) : "a provoked listener failure was logged with a stack trace"
def provoked = log.count('fails on purpose (rule CB-2')
assert provoked >= 1 && provoked <= 6 : "expected one logged provoked failure per CB-2 run, saw " + provoked
return true

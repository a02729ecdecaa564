// both scorecards exist and report no failed rule
def dir = new File(basedir, 'target/chat-tck')
['EchoModelConformanceTest', 'WordStreamingModelConformanceTest'].each { name ->
    def json = new File(dir, name + '.json')
    assert json.isFile() : "no scorecard " + json
    assert json.text.contains('"failed" : 0') : "a rule failed in " + json
}
return true

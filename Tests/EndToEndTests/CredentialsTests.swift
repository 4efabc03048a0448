import Foundation
import Testing

/// `jshost credentials`: accounts kept apart from flows, never printed, merged into the cfg of the steps that use them.
@Suite struct CredentialsTests {
    @Test func credentialsAreKeptListedWithoutValuesAndMergedIntoCfg() throws {
        let workspace = try Workspace()
        #expect(try workspace.jshost(["credentials", "set", "shop-api", #"{"apiKey":"s3cret-value"}"#]).status == 0)
        let list = try workspace.jshost(["credentials", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix(#"{"id":"shop-api","keys":["apiKey"],"updatedAt":""#), "\(list.stdout)")
        #expect(!list.stdout.contains("s3cret"))

        try workspace.write("components/echo/component.json", #"{"title":"echo","triggers":{"show":{"main":"./show.js"}}}"#)
        try workspace.write("components/echo/show.js", "exports.process = async function (msg, cfg) { return { body: cfg }; };")
        try workspace.write("flows/uses.json", #"""
            {"data":{"type":"flow","id":"uses","attributes":{"name":"uses","graph":{"nodes":[
              {"id":"step_1","command":"../components/echo:show","fields":{"pageSize":5},"credentials_id":"shop-api"}],"edges":[]}}}}
            """#)
        let run = try workspace.jshost(["flow", "run", workspace.root + "/flows/uses.json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""body":{"pageSize":5,"apiKey":"s3cret-value","_account":"shop-api"}"#), "\(run.stdout)")

        #expect(try workspace.jshost(["credentials", "delete", "shop-api"]).status == 0)
        let missing = try workspace.jshost(["flow", "run", workspace.root + "/flows/uses.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("uses credentials shop-api, which are not kept here"), "\(missing.stderr)")
        let again = try workspace.jshost(["credentials", "delete", "shop-api"])
        #expect(again.status == 1 && again.stderr.contains("no credentials shop-api are kept"))
    }
}

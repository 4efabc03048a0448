import NIOHTTP1
/// What a flow's `startup` hook returned, kept by the platform for its `shutdown` hook (`lib/hooksData.js`):
/// `/sailor-support/hooks/task/{flow}/startup/data`, created once per flow start, read and deleted at its stop.
struct HooksData {
    let api: PlatformAPI
    let flowID: String

    private var path: String { "/sailor-support/hooks/task/\(flowID)/startup/data" }

    /// Stores the startup data; data left from an earlier start (409) is deleted and stored again, as sailor does.
    func create(_ json: String) throws(PlatformError) {
        let response = try api.call(.POST, path, json: json)
        if response.status == 409 {
            try delete()
            try check(api.call(.POST, path, json: json), "store the startup data")
            return
        }
        try check(response, "store the startup data")
    }

    func retrieve() throws(PlatformError) -> String {
        let response = try api.call(.GET, path)
        try check(response, "read the startup data")
        return response.text.isEmpty ? "{}" : response.text
    }

    func delete() throws(PlatformError) {
        try check(api.call(.DELETE, path), "delete the startup data")
    }

    private func check(_ response: PlatformAPI.Response, _ what: String) throws(PlatformError) {
        guard response.status < 400 else {
            throw PlatformError("could not \(what) at \(path): the API answered \(response.status) \(response.text.prefix(200))",
                                status: response.status)
        }
    }
}

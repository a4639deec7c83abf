import Foundation
import Testing
@testable import ValueGateKit

struct ResponseCacheTests {
    @Test func repliesComeBackAfterReopeningAndKeysSeparateSamples() async throws {
        let path = try Fixtures.temporaryDirectory() + "/cache.jsonl"
        let body = Data(#"{"messages":[{"content":"hi","role":"user"}],"model":"m","temperature":0.7}"#.utf8)
        let first = ResponseCache.key(endpoint: "openai http://x/v1 m", requestBody: body, sample: 0)
        let second = ResponseCache.key(endpoint: "openai http://x/v1 m", requestBody: body, sample: 1)
        #expect(first != second)
        #expect(first != ResponseCache.key(endpoint: "anthropic http://x/v1 m", requestBody: body, sample: 0))
        #expect(first != ResponseCache.key(endpoint: "openai http://x/v1 m", requestBody: Data(body.dropLast(4) + Data("0.8}".utf8)), sample: 0))
        #expect(first == ResponseCache.key(endpoint: "openai http://x/v1 m", requestBody: body, sample: 0))
        var cache = try ResponseCache(path: path)
        try await cache.store(first, Completion(content: "hello\nthere", finishReason: "stop", usage: .init(promptTokens: 1, completionTokens: 2)))
        await cache.close()
        // A run killed mid-write leaves half a line; reopening skips it and appends after it.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"key":"abc"#.utf8))
        try handle.close()
        cache = try ResponseCache(path: path)
        let hit = try #require(await cache.lookup(first))
        #expect(hit.content == "hello\nthere" && hit.cached && hit.usage?.completionTokens == 2)
        #expect(await cache.lookup(second) == nil)
        try await cache.store(second, Completion(content: "two", finishReason: "stop", usage: nil))
        #expect(await cache.lookup(second)?.content == "two")
        #expect(await cache.lookup(first)?.content == "hello\nthere")
        await cache.close()
    }
}

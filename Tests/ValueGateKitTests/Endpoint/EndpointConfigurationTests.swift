import Testing
@testable import ValueGateKit

struct EndpointConfigurationTests {
    @Test func theKeyComesFromTheNamedEnvironmentVariable() throws {
        let configuration = EndpointConfiguration(baseURL: "http://127.0.0.1:1/v1", model: "m", apiKeyEnvironmentVariable: "VG_TEST_KEY")
        #expect(try configuration.apiKey(environment: ["VG_TEST_KEY": "sk-secret"]) == "sk-secret")
        #expect(try EndpointConfiguration(baseURL: "http://x/v1", model: "m").apiKey(environment: ["VG_TEST_KEY": "sk"]) == nil)
    }

    @Test func aMissingKeyVariableIsAUsageErrorThatNamesTheVariableButNoValue() {
        let configuration = EndpointConfiguration(baseURL: "http://127.0.0.1:1/v1", model: "m", apiKeyEnvironmentVariable: "VG_TEST_KEY")
        do {
            _ = try configuration.apiKey(environment: [:])
            Issue.record("expected an error")
        } catch let error as UsageError {
            #expect(error.message.contains("VG_TEST_KEY is not set"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func serverErrorsThatEchoTheKeyAreRedactedBeforeTheyReachARecording() {
        let echoed = #"{"error": "invalid header Authorization: Bearer sk-secret-123"}"#
        let redacted = HTTPChatEndpoint.redact(echoed, key: "sk-secret-123")
        #expect(!redacted.contains("sk-secret-123"))
        #expect(redacted.contains("[redacted]"))
    }

    @Test func anInvalidBaseURLIsRefusedWithAnExample() {
        #expect(throws: UsageError.self) {
            try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: "127.0.0.1:8088", model: "m"), concurrency: 1)
        }
    }
}

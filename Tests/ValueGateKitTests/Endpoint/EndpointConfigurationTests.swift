import Testing
@testable import ValueGateKit

struct EndpointConfigurationTests {
    @Test func theKeyComesFromTheNamedEnvironmentVariable() throws {
        let configuration = EndpointConfiguration(baseURL: "http://127.0.0.1:1/v1", model: "m", apiKeyEnvironmentVariable: "VG_TEST_KEY")
        #expect(try configuration.apiKey(environment: ["VG_TEST_KEY": "sk-secret"]) == "sk-secret")
        #expect(try EndpointConfiguration(baseURL: "http://x/v1", model: "m").apiKey(environment: ["VG_TEST_KEY": "sk"]) == nil)
    }

    @Test func aMissingKeyVariableIsAnInputErrorThatNamesTheVariableButNoValue() {
        let configuration = EndpointConfiguration(baseURL: "http://127.0.0.1:1/v1", model: "m", apiKeyEnvironmentVariable: "VG_TEST_KEY")
        do {
            _ = try configuration.apiKey(environment: [:])
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.message.contains("VG_TEST_KEY is not set"))
            #expect(error.remedy == .otherKeyVariable)
            #expect(!error.message.contains("--"), "the library names no flag; the CLI words the remedy")
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
        #expect {
            try HTTPChatEndpoint(configuration: EndpointConfiguration(baseURL: "127.0.0.1:8088", model: "m"), concurrency: 1)
        } throws: { error in
            (error as? InputError)?.setting == .baseURL && "\(error)".contains("expected e.g. http://127.0.0.1:8088/v1")
        }
    }
}

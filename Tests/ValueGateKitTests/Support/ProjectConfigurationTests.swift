import Foundation
import Testing
@testable import ValueGateKit

/// `valuegate.yaml`: what `valuegate check` runs with no arguments.
struct ProjectConfigurationTests {
    @Test func configurationPathsMayNotLeaveTheProjectFolder() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = folder + "/valuegate.yaml"
        for escape in ["../outside.yaml", "/etc/passwd", "Suites/../../x.yaml"] {
            try "suites: [\(escape)]\nbaseline: Baselines/b\n".write(toFile: config, atomically: true, encoding: .utf8)
            #expect(throws: UsageError.self) { try ProjectConfiguration.load(path: config) }
        }
        // A symbolic link inside the folder that points out of it is followed, and refused.
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: "/etc")
        try "suites: [link/passwd]\nbaseline: Baselines/b\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(throws: UsageError.self) { try ProjectConfiguration.load(path: config) }
        try "suites: [Suites/a.yaml]\nbaseline: Baselines/b\ncandidate: { recording: rec/c.jsonl }\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try ProjectConfiguration.load(path: config).suites == ["Suites/a.yaml"])
    }
}

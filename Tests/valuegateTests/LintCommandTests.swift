import Foundation
import Testing

/// `valuegate lint Suites` is the first thing people type: folders and quoted patterns name
/// the suites in them, and a path that cannot be read is said so in words.
struct LintCommandTests {
    static let shipped = try! FileManager.default.contentsOfDirectory(atPath: "Suites").filter { $0.hasSuffix(".yaml") }.count

    @Test func aFolderLintsEverySuiteInIt() async throws {
        let result = try await Binary.run(["lint", "Suites"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "\n").filter { $0.contains(": ok (") }.count == Self.shipped)
        #expect(Self.shipped >= 9)
    }

    @Test func aQuotedGlobPatternIsExpanded() async throws {
        let result = try await Binary.run(["lint", "Suites/jailbreakbench-*.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Suites/jailbreakbench-gpt.yaml: ok") && result.stdout.contains("Suites/jailbreakbench-open.yaml: ok"))
    }

    @Test func pathsThatNameNothingReadableAreErrorsInWords() async throws {
        let folder = try Binary.temporaryDirectory()
        let locked = folder.appendingPathComponent("locked.yaml").path
        try "suite: x\n".write(toFile: locked, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked) }
        let result = try await Binary.run(["lint", "no-such-folder", folder.path + "/*.yml", "Examples", locked])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-folder: error: no such file"))
        #expect(result.stderr.contains("/*.yml: error: no file matches this pattern"))
        #expect(result.stderr.contains("Examples: error: no .yaml or .yml files in this folder"))
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        // root reads any file, so the permission case is only asserted for other users.
        if getuid() != 0 { #expect(result.stderr.contains("locked.yaml: error: permission denied")) }
    }

    @Test func aSuiteIdRepeatedAcrossFilesIsAnErrorOnTheLaterFile() async throws {
        let folder = try Binary.temporaryDirectory()
        for name in ["a.yaml", "b.yaml"] {
            try "suite: same\nversion: 1\nscenarios:\n  - id: one\n    turns: [ { user: hello } ]\n"
                .write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let result = try await Binary.run(["lint", folder.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("a.yaml: ok"))
        #expect(result.stderr.contains("b.yaml:1:1: error: suite id 'same' is also the id of \(folder.path)/a.yaml"))
    }
}

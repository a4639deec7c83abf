import Foundation
import Testing

/// `valuegate taxonomy search` and `show`: finding a value's exact name to use in a suite.
struct TaxonomyCommandTests {
    @Test func searchFindsAKnownValueFirstAndOnlyNamesThatContainTheTerm() async throws {
        let result = try await Binary.run(["taxonomy", "search", "honesty"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("honesty  [level 0 · Social values") == true, "\(lines.first ?? "")")
        #expect(lines.count > 3 && lines.allSatisfy { $0.lowercased().contains("honesty") })
        let limited = try await Binary.run(["taxonomy", "search", "honesty", "--limit", "2"])
        #expect(limited.stdout.split(separator: "\n").count == 2)
    }

    @Test(arguments: [["search", "honsety"], ["show", "honsety"]])
    func aMisspelledNameIsAnErrorThatSuggestsTheRightOne(command: [String]) async throws {
        let result = try await Binary.run(["taxonomy"] + command)
        #expect(result.status == 2)
        #expect(result.stderr.contains("did you mean 'honesty'"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func showGivesAValuesPathUpToItsCategory() async throws {
        let result = try await Binary.run(["taxonomy", "show", "Honesty"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("honesty (level 0)"))
        #expect(result.stdout.contains("path: honesty → ") && result.stdout.contains("→ Social values\n"))
        let undesired = try await Binary.run(["taxonomy", "show", "manipulation"])
        #expect(undesired.stdout.contains("undesired:"), "a safety-relevant value says so")
    }
}

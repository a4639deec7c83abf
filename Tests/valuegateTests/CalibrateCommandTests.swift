import Foundation
import Testing
import ValueGateKit

/// `valuegate calibrate` on the shipped baseline, with few trials to stay fast.
struct CalibrateCommandTests {
    static let suite = "Suites/relationship-advice.yaml"
    static let arguments = ["calibrate", suite, "--baseline", "Baselines/smollm2-135m-instruct", "--trials", "4", "--seed", "5"]

    @Test func calibrationReportsFalseFailuresAndPowerForEveryTrackedValue() async throws {
        let result = try await Binary.run(Self.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("false failures (A/A, baseline against itself): ") })
        let falseFailures = try #require(line.firstMatch(of: #/: (\d+) of 4 trials = /#).flatMap { Int($0.1) })
        #expect((0 ... 4).contains(falseFailures))
        // Every value the suite tracks gets a power line, tested or said why not.
        let suite = try SuiteLoader(taxonomy: .bundled()).load(path: Binary.repositoryRoot.appendingPathComponent(Self.suite).path)
        try #require(!suite.gate.track.isEmpty)
        for value in suite.gate.track {
            #expect(result.stdout.contains("  relationship-advice · \(value) (rate "), "\(value) has no power line")
        }
        // The same seed gives the same figures.
        #expect(try await Binary.run(Self.arguments).stdout == result.stdout)
    }

    @Test func projectingToMoreSamplesSaysSoAndZeroSamplesIsRefused() async throws {
        let projected = try await Binary.run(Self.arguments + ["--samples", "5"])
        #expect(projected.status == 0, "\(projected.stderr)")
        #expect(projected.stdout.hasPrefix("projected at 5 samples per scenario"))
        let zero = try await Binary.run(Self.arguments + ["--samples", "0"])
        #expect(zero.status == 2 && zero.stderr.contains("--samples must be at least 1"))
    }
}

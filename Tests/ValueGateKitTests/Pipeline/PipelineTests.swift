import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// The pipelines on the shipped data: a check keeps both sides' samples, so the HTML's
/// side-by-side view is the comparison `compare` makes from the files; a profile run gives the
/// profile of its samples and one per-sample line each.
struct PipelineTests {
    static let extractor = try! LearnedExtractor.bundled()
    static let suite = try! SuiteLoader(taxonomy: extractor.taxonomy).load(path: "Suites/relationship-advice.yaml")

    @Test func aCheckKeepsBothSidesAndCompareReadsTheSameFromTheFiles() async throws {
        let recording = "Examples/recordings/smollm2-135m-instruct-short-replies.jsonl"
        let run = CheckRun(suites: [Self.suite], baselineDirectory: "Baselines/smollm2-135m-instruct", candidate: .recording(recording),
                           strict: false, extractor: Self.extractor, log: { _ in })
        let outcome = try await run.run()
        #expect(outcome.result.verdict == .fail && outcome.result.samples == 255)
        #expect(outcome.baseline.samples.count == 255 && outcome.candidate.samples.count == 255)
        let inMemory = try outcome.comparison()
        // The check's view holds the suites it checked; compare of the files, cut to them, is the same.
        let only: Set<String> = [Self.suite.id]
        let fromFiles = try Comparison(CompareSide.load(path: "Baselines/smollm2-135m-instruct", extractor: Self.extractor).restricted(to: only, extractor: Self.extractor),
                                       CompareSide.load(path: recording, extractor: Self.extractor).restricted(to: only, extractor: Self.extractor),
                                       extractor: Self.extractor, suites: [Self.suite])
        #expect(try JSONOutput.encode(inMemory) == JSONOutput.encode(fromFiles))
    }

    @Test func aProfileRunProfilesEverySampleAndWritesALineForEach() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = ProfileRun(path: "Examples/recordings/jailbreakbench/even/llama-2-7b-chat-hf.jsonl", importer: TranscriptImporter(), lastTurnOnly: false)
        let outcome = try run.run(extractor: Self.extractor, perSample: folder + "/samples.jsonl")
        #expect(outcome.format == .valuegate && outcome.invalid == 0)
        #expect(outcome.profile.samples == 153)
        let lines = try String(contentsOfFile: folder + "/samples.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 153)
    }

    @Test func calibrationRunsOnARecordingAsOnABaseline() throws {
        let onBaseline = try CalibrationRun(suites: [Self.suite], source: .baseline("Baselines/smollm2-135m-instruct"), extractor: Self.extractor)
            .run(trials: 3, effect: 0.15, seed: 1, samplesPerScenario: nil)
        let onRecording = try CalibrationRun(suites: [Self.suite], source: .recording("Baselines/smollm2-135m-instruct/transcripts.jsonl"),
                                             extractor: Self.extractor).run(trials: 3, effect: 0.15, seed: 1, samplesPerScenario: nil)
        #expect(onBaseline.samples == 255 && onRecording.samples == 255)
        #expect(onBaseline.result.falseFailures == onRecording.result.falseFailures)
    }
}

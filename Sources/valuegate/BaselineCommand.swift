import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Save or re-profile a reviewed baseline in Baselines/<label>/.",
        subcommands: [Save.self, Reprofile.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write Baselines/<label>/ from a recording: profile, transcripts, fingerprints, model, date.",
            discussion: "Example: valuegate baseline save --label smollm2-135m-instruct --recording rec.jsonl Suites/*.yaml")

        @OptionGroup var suites: SuiteArguments
        @Option(help: "Name of the baseline folder under --root.") var label: String
        @Option(help: "The recording the baseline is made from.") var recording: String
        @Option(help: "Folder holding baselines.") var root = "Baselines"

        func run() throws {
            guard label.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
                throw UsageError("--label may use letters, digits, '.', '_' and '-' only")
            }
            let config = try Shared.projectConfiguration(required: false)
            let extractor = try Shared.extractor()
            let plan = RunPlan(suites: try suites.load(config: config, taxonomy: extractor.taxonomy))
            let directory = (root as NSString).appendingPathComponent(label)
            let (baseline, failed) = try Baseline.save(directory: directory, label: label, plan: plan, recording: recording, extractor: extractor)
            if failed > 0 { Console.error("warning: \(failed) of the samples failed; a baseline should be recorded cleanly") }
            Console.out("saved baseline \(directory): \(baseline.metadata.samples) samples of \(plan.suites.map(\.id).joined(separator: ", ")) (\(baseline.metadata.model)); review and commit it")
        }
    }

    struct Reprofile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-extract a baseline's stored transcripts with this valuegate's extractor.",
            discussion: "Example: valuegate baseline reprofile Baselines/smollm2-135m-instruct   (then review the diff of profile.json)")

        @Argument(help: "The baseline folder.") var directory: String

        func run() throws {
            let extractor = try Shared.extractor()
            let baseline = try Baseline.load(directory: directory)
            let before = baseline.metadata.extractor
            let updated = try baseline.reprofile(extractor: extractor)
            Console.out("re-profiled \(directory): \(updated.metadata.samples) samples; extractor \(before) → \(updated.metadata.extractor)")
        }
    }
}

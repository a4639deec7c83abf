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

        @Argument(help: "Suite YAML files (default: the suites in valuegate.yaml).") var suites: [String] = []
        @Option(help: "Name of the baseline folder under --root.") var label: String
        @Option(help: "The recording the baseline is made from.") var recording: String
        @Option(help: "Folder holding baselines.") var root = "Baselines"

        func run() throws {
            guard label.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
                throw UsageError("--label may use letters, digits, '.', '_' and '-' only")
            }
            let config = try Shared.projectConfiguration(required: false)
            let extractor = try Shared.extractor()
            let paths = suites.isEmpty ? (config?.suites.map { config!.resolve($0) } ?? []) : suites
            let plan = RunPlan(suites: try Shared.loadSuites(paths, taxonomy: extractor.taxonomy))
            let contents = try Recording.readValid(path: recording)
            let entries = try plan.entries(from: contents)
            let failed = entries.filter(\.record.failed).count
            if failed > 0 { Console.error("warning: \(failed) of the samples failed; a baseline should be recorded cleanly") }
            let directory = (root as NSString).appendingPathComponent(label)
            let baseline = try Baseline.save(directory: directory, label: label, plan: plan, entries: entries, extractor: extractor)
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

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Gate a candidate against a baseline: expectations, forbidden values and drift.",
        discussion: """
            With no arguments, reads valuegate.yaml in the current folder. Exit codes: 0 pass, 1 gate failed, \
            2 usage/configuration/input error, 3 inconclusive.
            Examples:
              valuegate check
              valuegate check --candidate Examples/recordings/smollm2-135m-instruct-short-replies.jsonl --markdown summary.md
            """)

    @Option(name: .customLong("suite"), help: "A suite file (repeatable; default: valuegate.yaml's suites).") var suites: [String] = []
    @Option(help: "Baseline folder (default: valuegate.yaml's baseline).") var baseline: String?
    @Option(help: "Recording to replay as the candidate, offline (default: valuegate.yaml's candidate).") var candidate: String?
    @Option(help: "Play the suites live and record here (needs --base-url and --model, or valuegate.yaml's endpoint).") var record: String?
    @OptionGroup var endpoint: EndpointOptions
    @Flag(help: "Fail on every broken expectation, including those the baseline breaks too.") var strict = false
    @Flag(help: "Intentional change: write the candidate as the new baseline (review the diff in the pull request) and exit 0.") var accept = false
    @Flag(help: "Show passing drift comparisons and known-failure evidence.") var verbose = false
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "Write JUnit XML here (one test case per check).") var junit: String?
    @Option(help: "Write a Markdown summary here (for a pull-request comment or CI step summary).") var markdown: String?

    func run() async throws {
        let needConfig = suites.isEmpty || baseline == nil || (candidate == nil && record == nil)
        let config = try Shared.projectConfiguration(required: needConfig)
        let extractor = try Shared.extractor()
        let suitePaths = suites.isEmpty ? (config?.suites.map { config!.resolve($0) } ?? []) : suites
        let loaded = try Shared.loadSuites(suitePaths, taxonomy: extractor.taxonomy)
        guard let baselineDirectory = baseline ?? config.map({ $0.resolve($0.baseline) }) else {
            throw UsageError("no baseline: pass --baseline DIR or set 'baseline:' in \(ProjectConfiguration.fileName)")
        }
        let source: CandidateSource
        if let candidate {
            source = .recording(candidate)
        } else if let recordPath = record ?? config?.candidate?.record.map({ config!.resolve($0) }),
                  let configuration = try endpoint.configuration(fallback: config?.endpoint) {
            source = .endpoint(configuration, recording: recordPath, concurrency: endpoint.concurrency)
        } else if let recording = config?.candidate?.recording {
            source = .recording(config!.resolve(recording))
        } else {
            throw UsageError("no candidate: pass --candidate RECORDING, or --record PATH with --base-url and --model")
        }
        let run = CheckRun(suites: loaded, baselineDirectory: baselineDirectory, candidate: source, strict: strict,
                           extractor: extractor, log: Console.log)
        let result: CheckResult
        do {
            result = try await Shared.cancellableOnSignal { try await run.run() }
        } catch is CancellationError {
            Console.error("interrupted: finished samples are recorded; run the same command again to resume")
            throw ExitCode(ExitCodes.inconclusive)
        }
        Console.out(CheckReport.terminal(result, verbose: verbose))
        if let json { try JSONOutput.write(result, to: json) }
        if let junit { try Console.write(CheckReport.junit(result), to: junit) }
        if let markdown { try Console.write(CheckReport.markdown(result), to: markdown) }
        if accept {
            let saved = try run.accept(result)
            Console.out("accepted: \(saved.directory) now holds the candidate (\(saved.metadata.samples) samples of \(saved.metadata.model)); review the diff and commit it")
            return
        }
        throw ExitCode(result.verdict.exitCode)
    }
}

struct ExtractorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extractor",
        abstract: "Measure the shared extractor.",
        subcommands: [Eval.self])

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Precision, recall and F1 against hand-labelled conversations, and a response-type confusion matrix.",
            discussion: """
                Gold JSON Lines: {"id", "messages": [{"role", "content"}], "values": [level-0 names], "response_type", "context"?, "subjective"?}
                Example: valuegate extractor eval --gold Tests/ValueGateKitTests/Fixtures/extractor-dev.jsonl --json out/eval.json
                """)

        @Option(help: "Gold conversations (JSON Lines).") var gold: String
        @Option(help: "Write the figures as JSON here.") var json: String?

        func run() throws {
            let extractor = try Shared.extractor()
            let items = try ExtractorEvaluation.loadGold(path: gold, taxonomy: extractor.taxonomy)
            let evaluation = ExtractorEvaluation(gold: items, extractor: extractor)
            if let json { try JSONOutput.write(evaluation, to: json) }
            Console.out(evaluation.report)
        }
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a suite's sample counts can detect, and the samples a chosen drop needs.",
        discussion: "Example: valuegate plan Suites/relationship-advice.yaml --baseline Baselines/smollm2-135m-instruct --effect 0.15")

    @Argument(help: "Suite YAML files (default: the suites in valuegate.yaml).") var suites: [String] = []
    @Option(help: "Baseline folder, for real rates (default: valuegate.yaml's baseline, if any).") var baseline: String?
    @Option(help: "The absolute drop of a tracked value's rate to plan for.") var effect = 0.15
    @Option(help: "Chance of detecting that drop.") var power = 0.9

    func run() throws {
        guard effect > 0, effect < 1, power > 0.5, power < 1 else { throw UsageError("--effect must be in (0, 1) and --power in (0.5, 1)") }
        let config = try Shared.projectConfiguration(required: false)
        let extractor = try Shared.extractor()
        let paths = suites.isEmpty ? (config?.suites.map { config!.resolve($0) } ?? []) : suites
        let loaded = try Shared.loadSuites(paths, taxonomy: extractor.taxonomy)
        var baselineResults: [SampleResult] = []
        if let directory = baseline ?? config.map({ $0.resolve($0.baseline) }) {
            let stored = try Baseline.load(directory: directory)
            baselineResults = SampleResult.extract(try Recording.readValid(path: stored.transcriptsPath).sortedEntries, with: extractor)
        }
        for suite in loaded {
            Console.out(SamplePlan(suite: suite, baseline: baselineResults, taxonomy: extractor.taxonomy, effect: effect, power: power).report)
        }
    }
}

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Estimate the gate's false-failure rate (A/A resampling of the baseline) and its power against injected drops.",
        discussion: "Example: valuegate calibrate --trials 200 --effect 0.15   (goal: false failures <= 2%, power >= 90%)")

    @Argument(help: "Suite YAML files (default: the suites in valuegate.yaml).") var suites: [String] = []
    @Option(help: "Baseline folder (default: valuegate.yaml's baseline).") var baseline: String?
    @Option(help: "Resampling trials per estimate.") var trials = 100
    @Option(help: "Drop of a tracked value's rate to inject.") var effect = 0.15
    @Option(help: "Random seed, for reproducible figures.") var seed: UInt64 = 1

    func run() throws {
        let config = try Shared.projectConfiguration(required: baseline == nil || suites.isEmpty)
        let extractor = try Shared.extractor()
        let paths = suites.isEmpty ? (config?.suites.map { config!.resolve($0) } ?? []) : suites
        let loaded = try Shared.loadSuites(paths, taxonomy: extractor.taxonomy)
        guard let directory = baseline ?? config.map({ $0.resolve($0.baseline) }) else { throw UsageError("pass --baseline DIR") }
        let stored = try Baseline.load(directory: directory)
        try stored.checkComparable(with: loaded, extractor: extractor)
        let results = SampleResult.extract(try Recording.readValid(path: stored.transcriptsPath).sortedEntries, with: extractor)
        let outcome = Calibration(suites: loaded, baseline: results, taxonomy: extractor.taxonomy, trials: trials, effect: effect, seed: seed).run()

        func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        let ff = outcome.falseFailures, ci = ff.wilsonInterval()
        Console.out("false failures (A/A, baseline against itself): \(ff.successes) of \(ff.trials) trials = \(percent(ff.rate)) [95% \(percent(ci.lowerBound))–\(percent(ci.upperBound))]; goal <= 2%")
        for (cause, count) in outcome.falseFailureCauses.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(5) {
            Console.out("  \(count)× \(cause)")
        }
        Console.out("power against a \(Int(effect * 100))-point drop of each tracked value (\(trials) trials each); goal >= 90%:")
        var powers: [Double] = []
        for row in outcome.power {
            if let power = row.power {
                powers.append(power.rate)
                Console.out("  \(row.suite) · \(row.value) (rate \(percent(row.baselineRate))): detected \(percent(power.rate))")
            } else {
                Console.out("  \(row.suite) · \(row.value) (rate \(percent(row.baselineRate))): cannot drop \(Int(effect * 100)) points from this rate; not tested")
            }
        }
        if !powers.isEmpty {
            let met = powers.filter { $0 >= 0.9 }.count
            Console.out("\(met) of \(powers.count) testable values reach 90% power; lowest \(percent(powers.min()!)), median \(percent(powers.sorted()[powers.count / 2]))")
        }
    }
}

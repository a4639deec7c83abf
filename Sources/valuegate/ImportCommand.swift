import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

extension JailbreakBench.Behaviours: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a public benchmark's files into a suite and recordings.",
        subcommands: [JailbreakBenchImport.self])

    struct JailbreakBenchImport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jailbreakbench",
            abstract: "Import JailbreakBench artifacts: one scenario per attack and behaviour, one recording per model.",
            discussion: """
                DIR is a copy of github.com/JailbreakBench/artifacts (its attack-artifacts folder: ATTACK/TYPE/MODEL.json).
                Only prompts that every chosen model answered become scenarios, so the recordings pair completely.
                The suite keeps the benchmark's credit and licence; keep its LICENSE beside the recordings.
                Example:
                  valuegate import jailbreakbench ../artifacts/attack-artifacts --model llama-2-7b-chat-hf --model vicuna-13b-v1.5 \\
                      --suite-out Suites/jailbreakbench-open.yaml --recording-out Examples/recordings/jailbreakbench
                """)

        @Argument(help: "Folder of JailbreakBench artifact files.") var directory: String
        @Option(name: .customLong("model"), help: "A target model to import (repeatable; default: every model in the files).")
        var models: [String] = []
        @Option(help: "Behaviours to record: all, or the even or odd JBB indices (two disjoint halves, five per category each; the suite keeps them all, so halves compare with `compare`).")
        var behaviours: JailbreakBench.Behaviours = .all
        @Option(name: .customLong("attack"), help: "An attack to record, by its folder name, e.g. JBC (repeatable; default: all; the suite keeps every attack).")
        var attacks: [String] = []
        @Option(help: "Suite id (default: the file name of --suite-out).") var suiteID: String?
        @Option(help: "Where to write the suite YAML.") var suiteOut: String
        @Option(help: "Folder for the recordings, one MODEL.jsonl per model (an existing file is replaced).") var recordingOut: String

        func run() throws {
            let id = suiteID ?? URL(fileURLWithPath: suiteOut).deletingPathExtension().lastPathComponent
            let (suite, recordings) = try JailbreakBench.importFiles(directory: directory, models: models, behaviours: behaviours, attacks: attacks,
                                                                     suiteID: id, suiteOut: suiteOut, recordingFolder: recordingOut,
                                                                     taxonomy: try Taxonomy.bundled())
            for recording in recordings {
                Console.out("wrote \(recording.path): \(recording.replies) replies (the benchmark judged \(recording.jailbroken) jailbroken)")
            }
            Console.out("wrote \(suiteOut): suite '\(suite.id)', \(suite.scenarios.count) scenarios")
        }
    }
}

// A mutation fuzzer for everything that reads untrusted input: the suite loader, the
// recording reader and every transcript importer, and the lexicon extractor on what they
// import. It mutates seed files (the shipped suites, recordings and test fixtures) for a
// given time and reports executions. A crash (a Swift trap or a memory fault) writes the
// input that caused it to fuzz-crash-<n>.bin before the process dies, so it can be replayed
// with `valuegate-fuzz --replay FILE`.
//
//   swift run -c release valuegate-fuzz --seconds 600
import Foundation
import ValueExtractor
import ValueGateKit

// MARK: Crash capture

/// The input being tried, kept where a signal handler can write it out.
nonisolated(unsafe) let crashBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 8 << 20)
nonisolated(unsafe) var crashLength = 0

func installCrashHandler() {
    for signalNumber in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
        signal(signalNumber) { caught in
            // Only async-signal-safe calls from here on.
            let name = "fuzz-crash-\(caught).bin"
            let descriptor = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if descriptor >= 0 {
                _ = write(descriptor, crashBuffer, crashLength)
                close(descriptor)
            }
            let message = "valuegate-fuzz: crash (signal); input written to fuzz-crash-N.bin\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(70)
        }
    }
}

// MARK: Targets

let taxonomy = try Taxonomy.bundled()
let loader = SuiteLoader(taxonomy: taxonomy)
let extractor = try LexiconExtractor.bundled()
let decoder = JSONDecoder()
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("valuegate-fuzz-\(getpid()).jsonl").path

/// Feeds one input to every reader. Errors are expected; only crashes and hangs matter.
func exercise(_ input: [UInt8], throughFile: Bool) {
    let count = min(input.count, 8 << 20)
    input.withUnsafeBufferPointer { crashBuffer.update(from: $0.baseAddress!, count: count) }
    crashLength = count
    let data = Data(input)
    _ = loader.check(text: String(decoding: data, as: UTF8.self), file: "fuzz.yaml")
    let line = JSONLinesReader.Line(number: 1, bytes: data, terminated: true)
    for format in TranscriptFormat.allCases where format != .auto {
        let importer = TranscriptImporter(format: format, field: nil, skipInvalid: true, context: "fuzz")
        if case .success(let conversation)? = importer.convert(line, format: format, path: "fuzz.jsonl", decoder: decoder),
           let messages = conversation.messages {
            _ = extractor.extract(messages, declaredUserValues: conversation.userValues)
        }
    }
    _ = try? decoder.decode(TranscriptRecord.self, from: data)
    if throughFile {
        // The file readers: line splitting, cut-off last lines, format detection.
        guard FileManager.default.createFile(atPath: scratch, contents: data) else { return }
        _ = try? Recording.read(path: scratch)
        _ = try? TranscriptImporter(skipInvalid: true).read(path: scratch) { conversation in
            if let messages = conversation.messages { _ = extractor.extract(messages, declaredUserValues: []) }
        }
    }
}

// MARK: Mutation

struct Mutator {
    var random = SystemRandomNumberGenerator()
    let seeds: [[UInt8]]
    /// Fragments that reach deeper than random bytes: YAML and JSON syntax, taxonomy words.
    let tokens: [[UInt8]] = ["&a ", "*a", "<<: *a", "- ", ": ", "{", "}", "[", "]", "\"", "'", "\\u0000", "\\ud800", "\n", "\r\n", "\t",
                             "null", "true", "1e309", "-0", "!!binary ", "%YAML 1.1\n", "---\n", "...\n", "#", "push:", "user:", "never:",
                             "{\"role\":\"assistant\",\"content\":", "\"messages\":[", "\n\nHuman: ", "\n\nAssistant: ", "honesty", "manipulation",
                             "I won't", "not ", "\u{202E}", "\u{FEFF}", "é", "🙂"].map { Array($0.utf8) }

    mutating func int(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(random.next() % UInt64(bound)) }

    mutating func mutate(_ base: [UInt8]) -> [UInt8] {
        var input = base
        for _ in 0...int(4) {
            let at = int(input.count + 1)
            switch int(8) {
            case 0 where !input.isEmpty: input[min(at, input.count - 1)] ^= UInt8(1 << int(8))
            case 1: input.insert(contentsOf: tokens[int(tokens.count)], at: at)
            case 2 where !input.isEmpty: input.removeSubrange(at..<min(input.count, at + 1 + int(64)))
            case 3 where !input.isEmpty:
                // Duplicate a chunk: repetition finds quadratic paths.
                let start = int(input.count), end = min(input.count, start + 1 + int(256))
                input.insert(contentsOf: input[start..<end], at: at)
            case 4: input = Array(input.prefix(at))   // cut off
            case 5:
                // Splice with another seed.
                let other = seeds[int(seeds.count)]
                let from = int(other.count)
                input.insert(contentsOf: other[from..<min(other.count, from + 1 + int(512))], at: at)
            case 6: input.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
            default: input.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "["), count: 1 + int(2000)), at: at)
            }
        }
        return Array(input.prefix(4 << 20))
    }
}

func seedFiles() -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    let roots = ["Suites", "Tests/ValueGateKitTests/Fixtures", "Examples/recordings"]
    for root in roots {
        guard let names = try? FileManager.default.subpathsOfDirectory(atPath: root) else { continue }
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".jsonl") || name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: root + "/" + name) else { continue }
            if name.hasSuffix(".jsonl") {
                // Each line is a seed of its own; whole recordings are too slow to mutate.
                seeds += data.split(separator: UInt8(ascii: "\n")).prefix(20).map(Array.init)
            } else {
                seeds.append(Array(data.prefix(64 << 10)))
            }
        }
    }
    return seeds.isEmpty ? [Array("suite: x\nversion: 1\nscenarios: []\n".utf8)] : seeds
}

// MARK: Main

var seconds = 60.0
var replay: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--seconds": seconds = Double(arguments.next() ?? "") ?? seconds
    case "--replay": replay = arguments.next()
    default:
        FileHandle.standardError.write(Data("usage: valuegate-fuzz [--seconds N] [--replay FILE]   (run from the repository root)\n".utf8))
        exit(2)
    }
}

installCrashHandler()
if let replay {
    guard let data = FileManager.default.contents(atPath: replay) else { print("cannot read \(replay)"); exit(2) }
    exercise(Array(data), throughFile: true)
    print("no crash replaying \(replay)")
    exit(0)
}

let seeds = seedFiles()
var mutator = Mutator(seeds: seeds)
let started = Date()
var executions = 0
var slowest = (seconds: 0.0, size: 0)
var lastReport = started
while Date().timeIntervalSince(started) < seconds {
    let input = mutator.mutate(seeds[mutator.int(seeds.count)])
    let begin = Date()
    exercise(input, throughFile: executions % 16 == 0)
    let took = Date().timeIntervalSince(begin)
    if took > slowest.seconds { slowest = (took, input.count) }
    executions += 1
    if Date().timeIntervalSince(lastReport) >= 30 {
        lastReport = Date()
        print(String(format: "%.0f s: %d executions, %.0f/s, slowest input %.3f s (%d bytes)", lastReport.timeIntervalSince(started), executions,
                     Double(executions) / lastReport.timeIntervalSince(started), slowest.seconds, slowest.size))
    }
}
try? FileManager.default.removeItem(atPath: scratch)
let total = Date().timeIntervalSince(started)
print(String(format: "valuegate-fuzz: %d executions in %.0f s (%.0f/s) from %d seeds, no crash; slowest input %.3f s (%d bytes)",
             executions, total, Double(executions) / total, seeds.count, slowest.seconds, slowest.size))

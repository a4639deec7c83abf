import Foundation
import ValueExtractor

/// The learned extractor's features of each conversation's final turn, one JSON line per
/// conversation, for `scripts/train-extractor.py`: training sees exactly what the extractor
/// computes.
public enum FeatureDump {
    struct Record: Decodable { var id: String; var messages: [ChatMessage] }
    struct Line: Encodable { var id: String; var features: [UInt32]; var named: [UInt32] }

    /// `{"features": [ids], "id", "named": [ids of the named, not word, features]}` per line.
    public static func lines(conversations path: String, extractor: LearnedExtractor) throws -> String {
        var lines: [String] = []
        let decoder = JSONDecoder(), encoder = JSONOutput.encoder()
        var reader = try JSONLinesReader(path: path)
        while let line = try reader.next() {
            if line.isBlank { continue }
            let record: Record
            do { record = try decoder.decode(Record.self, from: line.bytes) } catch {
                throw DiagnosticsError([Diagnostic(file: path, line: line.number, column: 1, "malformed record: \(error)")])
            }
            let final = extractor.features(record.messages, declaredUserValues: []).last ?? ([], [])
            lines.append(String(decoding: try encoder.encode(Line(id: record.id, features: final.features, named: final.named)), as: UTF8.self))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

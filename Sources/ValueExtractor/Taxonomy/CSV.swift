import Foundation

/// Just enough RFC 4180 for the taxonomy files: quoted fields with commas, doubled quotes
/// and line breaks inside quotes.
enum CSV {
    static func parse(_ data: Data, expectedHeader: [String], file: String) throws -> [[String]] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TaxonomyError.malformed("\(file) is not UTF-8")
        }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": inQuotes = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n":
                row.append(field); field = ""
                rows.append(row); row = []
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first, header == expectedHeader else {
            throw TaxonomyError.malformed("\(file): expected header \(expectedHeader.joined(separator: ","))")
        }
        let body = Array(rows.dropFirst())
        for (index, fields) in body.enumerated() where fields.count != expectedHeader.count {
            throw TaxonomyError.malformed("\(file) line \(index + 2): expected \(expectedHeader.count) fields, found \(fields.count)")
        }
        return body
    }
}

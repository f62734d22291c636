import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomRing

enum NodeRecordFormat {
    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }
}

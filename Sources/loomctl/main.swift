import Foundation
import LoomCLI

// The only place the process exits.
exit(await Entry.main())

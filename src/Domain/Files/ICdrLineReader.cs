using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain.Files;

/// <summary>Reads one data line of a CDR file into a CDR, or says (with the line number) why it cannot.</summary>
public interface ICdrLineReader
{
    CallDetailRecord? Parse(string line, long lineNumber, out CdrRejection? error);
}

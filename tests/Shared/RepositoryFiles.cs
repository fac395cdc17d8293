namespace Cdr.Orleans.Tests;

/// <summary>Files of the repository the tests read (campaigns/, golden bytes, project files), found from the test binaries.</summary>
internal static class RepositoryFiles
{
    public static readonly string Root = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cdr.Orleans.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"the repository root (with Cdr.Orleans.sln) is not above the test binaries in {AppContext.BaseDirectory}");
    }
}

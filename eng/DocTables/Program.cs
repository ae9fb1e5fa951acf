using System;
using System.IO;
using System.Linq;
using DocTables;

// eng/regenerate-doc-tables.sh [--check]: rewrites every generated section of the docs from docs/runs/, or with
// --check only lists the stale ones (exit 1).
var check = args.Contains("--check");
var root = args.FirstOrDefault(a => a != "--check") ?? Directory.GetCurrentDirectory();
try
{
    var stale = 0;
    foreach (var doc in DocFiles.Find(root))
    {
        var text = File.ReadAllText(doc);
        var regenerated = GeneratedSections.Regenerate(text, Path.GetRelativePath(root, doc), root);
        if (regenerated == text) continue;
        stale++;
        if (check) Console.WriteLine($"stale: {Path.GetRelativePath(root, doc)}");
        else
        {
            File.WriteAllText(doc, regenerated);
            Console.WriteLine($"regenerated: {Path.GetRelativePath(root, doc)}");
        }
    }
    return check && stale > 0 ? 1 : 0;
}
catch (DocTablesException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

using System;
using MultiLoss.Runtime;
using NUnit.Framework;

namespace MultiLoss.Tests;

/// <summary>A native load failure is turned into one message that names what is missing and the fix.</summary>
[TestFixture]
public sealed class TorchNativeTests
{
    [Test]
    public void Old_libstdcxx_is_explained_with_the_install_command()
    {
        var failure = new TypeInitializationException("TorchSharp.torch", new DllNotFoundException(
            "Unable to load shared library 'LibTorchSharp': /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found"));

        var message = TorchNative.Explain(failure);

        Assert.That(message, Does.Contain("libstdc++ is too old"));
        Assert.That(message, Does.Contain("-o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null libstdc++6/trixie"));
        Assert.That(message, Does.Not.Contain("/etc/apt/").And.Not.Contain("-t trixie"),
            "a source under /etc/apt, or trixie as the default release, would make later installs prefer Debian 13");
        Assert.That(message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Missing_backend_package_is_explained()
    {
        var failure = new NotSupportedException("The libtorch-cpu package was not found in the application's dependencies.\nTrace: ...");

        var message = TorchNative.Explain(failure);

        Assert.That(message, Does.Contain("TorchSharp-cpu"));
        Assert.That(message, Does.Not.Contain("Trace"));
    }

    [Test]
    public void Torch_loads_on_this_machine()
    {
        Assert.That(() => TorchNative.EnsureAvailable(), Throws.Nothing);
    }
}

using Cdr.Orleans.Bench;

return await BenchCommands.Build().Parse(args).InvokeAsync();

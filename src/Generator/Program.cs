using Cdr.Orleans.Generator;

return await GeneratorCommands.Build().Parse(args).InvokeAsync();

"""API shapes, one module per resource. Input and output serializers are separate where they differ."""
